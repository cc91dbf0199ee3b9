import { afterEach, describe, expect, it } from '@jest/globals';
import { trace } from '@opentelemetry/api';
import { MockAgent } from 'undici';
import {
  accessTokenMutator,
  apiMutators,
  clientCertificateMutator,
  controllerMutators,
  type IdentityContext,
  type OutboundRequest,
  type PrincipalSigner,
  principalMutator,
  type RequestMutator,
  sendRequest,
  signedPrincipalMutator,
  traceContextMutator,
  withPrincipal,
} from '../src';
import { registerTracing, resetTracing } from './support/otel';

function outbound(): OutboundRequest {
  return { method: 'GET', url: new URL('https://service.test/api'), headers: {} };
}

async function run(mutators: readonly RequestMutator[], context: IdentityContext): Promise<Record<string, string>> {
  const request = outbound();
  for (const mutator of mutators) {
    await mutator(request, context);
  }
  return request.headers;
}

const fakeSigner: PrincipalSigner = { sign: async (principal) => `signed(${JSON.stringify(principal)})` };

const resource = {
  metadata: {
    labels: { 'unikorn-cloud.org/organization': 'org-1', 'unikorn-cloud.org/project': 'proj-1' },
    annotations: { 'unikorn-cloud.org/creator': 'user@example.com' },
  },
};

afterEach(() => {
  resetTracing();
});

describe('request mutators', () => {
  it('each mutator is a named function', () => {
    expect(traceContextMutator().name).toBe('traceContextMutator');
    expect(clientCertificateMutator().name).toBe('clientCertificateMutator');
    expect(principalMutator().name).toBe('principalMutator');
    expect(signedPrincipalMutator(resource, fakeSigner).name).toBe('signedPrincipalMutator');
    expect(accessTokenMutator(() => 't').name).toBe('accessTokenMutator');
  });

  it('the API principal mutator sets X-Principal to unpadded base64url JSON and no Authorization', async () => {
    const principal = { organizationId: 'org-1', projectId: 'proj-1', actor: 'user@example.com' };
    const headers = await run(apiMutators(), { principal });
    expect(headers).toEqual({
      'X-Principal': Buffer.from('{"organizationId":"org-1","projectId":"proj-1","actor":"user@example.com"}').toString(
        'base64url',
      ),
    });
  });

  it('X-Impersonate: true is added only when the context is flagged', async () => {
    expect(await run([principalMutator()], { principal: { actor: 'a' }, impersonate: true })).toEqual({
      'X-Principal': Buffer.from('{"actor":"a"}').toString('base64url'),
      'X-Impersonate': 'true',
    });
  });

  it('a missing principal fails with context invalid: principal is not defined', async () => {
    await expect(run(apiMutators(), {})).rejects.toThrow('context invalid: principal is not defined');
  });

  it('the relayed certificate is set verbatim, and nothing when there is none', async () => {
    expect(await run([clientCertificateMutator()], { clientCertificate: '-----BEGIN%20X' })).toEqual({
      'Unikorn-Client-Certificate': '-----BEGIN%20X',
    });
    expect(await run([clientCertificateMutator()], {})).toEqual({});
  });

  it('without an OpenTelemetry SDK the trace mutator adds nothing, even inside a started span', async () => {
    const tracer = trace.getTracer('no-sdk');
    const headers = await tracer.startActiveSpan('s', async (span) => {
      const result = await run([traceContextMutator()], {});
      span.end();
      return result;
    });
    expect(headers).toEqual({});
  });

  it('with an SDK the trace mutator injects the active span, and nothing outside a span', async () => {
    const tracer = registerTracing();
    expect(await run([traceContextMutator()], {})).toEqual({});
    const [headers, traceId, spanId] = await tracer.startActiveSpan('s', async (span) => {
      const result = await run([traceContextMutator()], {});
      span.end();
      return [result, span.spanContext().traceId, span.spanContext().spanId] as const;
    });
    expect(headers).toEqual({ traceparent: `00-${traceId}-${spanId}-01` });
  });

  it('controller chain applies traceparent, then Unikorn-Client-Certificate, then the signed X-Principal; no Authorization', async () => {
    const tracer = registerTracing();
    const headers = await tracer.startActiveSpan('s', async (span) => {
      const result = await run(controllerMutators(resource, fakeSigner), { clientCertificate: 'relayed' });
      span.end();
      return result;
    });
    expect(Object.keys(headers)).toEqual(['traceparent', 'Unikorn-Client-Certificate', 'X-Principal']);
    expect(headers['X-Principal']).toBe(
      'signed({"organizationId":"org-1","projectId":"proj-1","actor":"user@example.com"})',
    );
    expect(headers).not.toHaveProperty('X-Impersonate');
  });

  it('the API chain has the same order and an access-token getter adds Authorization: bearer first', async () => {
    const tracer = registerTracing();
    const headers = await tracer.startActiveSpan('s', async (span) => {
      const context = { principal: { actor: 'a' }, clientCertificate: 'relayed', impersonate: true };
      const result = await run(apiMutators({ accessToken: async () => 'tok' }), context);
      span.end();
      return result;
    });
    expect(Object.keys(headers)).toEqual([
      'Authorization',
      'traceparent',
      'Unikorn-Client-Certificate',
      'X-Principal',
      'X-Impersonate',
    ]);
    expect(headers.Authorization).toBe('bearer tok');
  });

  it('the controller chain never sets X-Impersonate, even when the context is flagged', async () => {
    const headers = await run(controllerMutators(resource, fakeSigner), { impersonate: true });
    expect(Object.keys(headers)).toEqual(['X-Principal']);
  });

  it('a resource without labels aborts the controller request', async () => {
    await expect(run(controllerMutators({ metadata: { annotations: {} } }, fakeSigner), {})).rejects.toThrow(
      'consistency error: labels missing from resource',
    );
  });
});

describe('sendRequest', () => {
  function mockAgent() {
    const agent = new MockAgent({ enableCallHistory: true });
    agent.disableNetConnect();
    return agent;
  }

  it('sends the mutated headers after the operation headers and decodes JSON', async () => {
    const agent = mockAgent();
    agent
      .get('https://service.test')
      .intercept({ path: '/prefix/api/v2/things?a=1&b=x&b=y', method: 'POST' })
      .reply(201, { ok: true }, { headers: { 'content-type': 'application/json' } });
    const transport = { baseUrl: 'https://service.test/prefix/', dispatcher: agent, mutators: apiMutators() };
    const response = await withPrincipal({ actor: 'a' }, () =>
      sendRequest(transport, {
        method: 'post',
        path: '/api/v2/things',
        query: { a: 1, b: ['x', 'y'], c: undefined },
        body: { n: 1 },
      }),
    );
    expect(response).toMatchObject({ status: 201, contentType: 'application/json', body: { ok: true } });
    const call = agent.getCallHistory()?.firstCall();
    expect(call?.body).toBe('{"n":1}');
    expect(Object.keys(call?.headers ?? {})).toEqual(['Content-Type', 'X-Principal']);
    await agent.close();
  });

  it('a mutator error aborts before anything is sent', async () => {
    const agent = mockAgent();
    const transport = { baseUrl: 'https://service.test', dispatcher: agent, mutators: apiMutators() };
    await expect(sendRequest(transport, { method: 'GET', path: 'x' })).rejects.toThrow(
      'context invalid: principal is not defined',
    );
    expect(agent.getCallHistory()?.calls()).toHaveLength(0);
    await agent.close();
  });

  it('uses an explicit transport context over the async scope, returns text for non-JSON and undefined for 204', async () => {
    const agent = mockAgent();
    const pool = agent.get('https://service.test');
    pool.intercept({ path: '/t', method: 'GET' }).reply(400, 'bad', { headers: { 'content-type': 'text/plain' } });
    pool.intercept({ path: '/n', method: 'DELETE' }).reply(204, '');
    const transport = {
      baseUrl: 'https://service.test',
      dispatcher: agent,
      mutators: apiMutators(),
      context: { principal: { actor: 'explicit' } },
    };
    const text = await sendRequest(transport, { method: 'GET', path: 't' });
    expect(text).toMatchObject({ status: 400, contentType: 'text/plain', body: 'bad' });
    expect(agent.getCallHistory()?.firstCall()?.headers).toEqual({
      'X-Principal': Buffer.from('{"actor":"explicit"}').toString('base64url'),
    });
    const empty = await sendRequest(transport, { method: 'DELETE', path: 'n' });
    expect(empty).toMatchObject({ status: 204, body: undefined });
    await agent.close();
  });
});
