/**
 * Extension points of BaseClient: extra mutators at the documented positions, undici interceptors, a custom
 * dispatcher (undici's MockAgent, no Kubernetes access), and the credential logger hook.
 */

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Dispatcher, DispatcherCache, newHTTPClientOptions, newHTTPOptions } from '@unikorn-cloud/core-client';
import { MockAgent } from 'undici';
import { BaseClient, type ClientTransport, type RequestMutator, sendRequest, setHeader, withPrincipal } from '../src';
import { Environment } from './support/environment';

const principal = { organizationId: 'org-1', actor: 'user@example.com' };

const getter = (transport: ClientTransport) => ({
  get: (path: string) => withPrincipal(principal, () => sendRequest(transport, { method: 'GET', path })),
});

let env: Environment;

beforeAll(async () => {
  env = await Environment.start();
  await env.clientSecret('service-ext');
});

afterAll(async () => {
  await env.close();
});

function base(host: string, settings: ConstructorParameters<typeof BaseClient>[3] = {}) {
  const client = new BaseClient(env.kube, env.options(host), env.clientOptions('service-ext'), {
    dispatcherCache: new DispatcherCache(),
    ...settings,
  });
  env.onClose(() => client.close());
  return client;
}

describe('extra mutators', () => {
  it('`first` runs before the built-in chain, `last` after the principal mutator and sees every header', async () => {
    const server = await env.server();
    const seenByLast: string[] = [];
    const first: RequestMutator = (request) => setHeader(request.headers, 'X-First', '1');
    const last: RequestMutator = (request) => {
      seenByLast.push(...Object.keys(request.headers));
      setHeader(request.headers, 'X-Last', String(request.credential?.epoch));
    };
    const api = await base(server.url, { mutators: { first: [first], last: [last] } }).apiClient(getter);
    await api.get('/m');
    const names = server.requests.at(-1)?.rawHeaders.map(([name]) => name);
    expect(names).toEqual(['host', 'connection', 'X-First', 'X-Principal', 'X-Last']);
    expect(seenByLast).toEqual(['X-First', 'X-Principal']);
    expect(server.requests.at(-1)?.headers['x-last']).toBe('0');
  });
});

describe('undici interceptors', () => {
  it('run on every attempt, in compose order, and see the final headers', async () => {
    const server = await env.server();
    const order: string[] = [];
    const tag =
      (name: string): Dispatcher.DispatcherComposeInterceptor =>
      (dispatch) =>
      (options, handler) => {
        order.push(name);
        const headers = { ...(options.headers as Record<string, string>), [`x-${name}`]: 'yes' };
        return dispatch({ ...options, headers }, handler);
      };
    const api = await base(server.url, { interceptors: [tag('inner'), tag('outer')] }).apiClient(getter);
    await api.get('/i');
    expect(order).toEqual(['outer', 'inner']);
    expect(server.requests.at(-1)?.headers).toMatchObject({ 'x-inner': 'yes', 'x-outer': 'yes' });
  });
});

describe('a custom dispatcher', () => {
  it('MockAgent answers API-client requests; no Kubernetes read happens', async () => {
    const mock = new MockAgent();
    mock.disableNetConnect();
    mock
      .get('https://region.example')
      .intercept({ path: '/api/v1/mocked', method: 'GET' })
      .reply(200, { mocked: true }, { headers: { 'content-type': 'application/json' } });
    const reads = env.api.requests.length;
    const client = new BaseClient(
      undefined,
      newHTTPOptions('region', { host: 'https://region.example' }),
      newHTTPClientOptions(),
      { dispatcher: mock },
    );
    const api = await client.apiClient(getter);
    const response = await api.get('/api/v1/mocked');
    expect(response.body).toEqual({ mocked: true });
    expect(env.api.requests.length).toBe(reads);
    mock.assertNoPendingInterceptors();
    await mock.close();
  });
});

describe('credential logger hook', () => {
  it('a failing certificate reload is logged as warnings (pino shape), without key material', async () => {
    const server = await env.server();
    const issued = await env.clientSecret('service-logged');
    let now = Date.now();
    const lines: { object: Record<string, unknown>; message: string }[] = [];
    const logger = { warn: (object: Record<string, unknown>, message: string) => lines.push({ object, message }) };
    const client = new BaseClient(
      env.kube,
      env.options(server.url),
      env.clientOptions('service-logged', { reloadIntervalMs: 60_000, now: () => now }),
      { dispatcherCache: new DispatcherCache(), logger },
    );
    env.onClose(() => client.close());
    const api = await client.apiClient(getter);
    await api.get('/before');
    env.api.deleteSecret('unikorn', 'service-logged-client');
    now += 61_000;
    await api.get('/after');
    expect(lines.map((line) => line.object.event)).toEqual(['reload-failed', 'backing-off']);
    expect(lines[0].message).toBe('client credential reload failed; serving the last good credential');
    expect(JSON.stringify(lines)).not.toContain(issued.privateKeyPem.split('\n')[1]);
  });
});
