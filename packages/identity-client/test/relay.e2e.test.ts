import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import {
  decodePrincipalHeader,
  type InboundIdentity,
  inboundErrorResponse,
  parseClientCertificate,
  runWithInboundContext,
  withPrincipal,
} from '../src';
import { Environment, testClient } from './support/environment';
import { registerTracing, resetTracing } from './support/otel';

let env: Environment;

beforeAll(async () => {
  env = await Environment.start();
});

afterAll(async () => {
  await env.close();
});

afterEach(() => {
  resetTracing();
});

/** Service B: a plain node:https server (mTLS) whose handler calls C inside the inbound identity. */
async function startServiceB(cUrl: string, seen: InboundIdentity[]): Promise<string> {
  await env.clientSecret('service-b');
  const toC = env.baseClient(cUrl, 'service-b');
  const certificate = await env.ca.issueServer();
  const server: Server = createServer(
    {
      key: certificate.privateKeyPem,
      cert: certificate.certificatePem,
      ca: [env.ca.certificatePem],
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.3',
    },
    (request, response) => {
      runWithInboundContext(request, async (inbound) => {
        seen.push(inbound);
        const downstream = await (await toC.apiClient(testClient)).get('/c');
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ downstream: downstream.status }));
      }).catch((error: unknown) => {
        const reply = inboundErrorResponse(error);
        response.writeHead(reply?.status ?? 500, { 'content-type': 'application/json' });
        response.end(JSON.stringify(reply?.body ?? { error: 'server_error' }));
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  env.onClose(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('end-to-end relay A → B → C', () => {
  it('C sees the principal of A, the certificate of A relayed by B, and the trace of A', async () => {
    const tracer = registerTracing();
    const serviceC = await env.server();
    const seenByB: InboundIdentity[] = [];
    const bUrl = await startServiceB(serviceC.url, seenByB);
    const certA = await env.clientSecret('service-a');
    const toB = await env.baseClient(bUrl, 'service-a').apiClient(testClient);
    const principal = { organizationId: 'org-1', type: 'user' as const, actor: 'user@example.com' };

    const [response, traceId] = await tracer.startActiveSpan('a', async (span) => {
      const result = await withPrincipal(principal, () => toB.get('/b'));
      span.end();
      return [result, span.spanContext().traceId] as const;
    });

    expect(response).toMatchObject({ status: 200, body: { downstream: 200 } });
    expect(seenByB[0].clientCertificate?.provenance).toBe('verified-peer');
    expect(seenByB[0].subject).toBe('service-a');

    const [atC] = serviceC.requests;
    expect(atC.clientCertificate?.commonName).toBe('service-b');
    expect(decodePrincipalHeader(String(atC.headers['x-principal']))).toEqual(principal);
    const relayed = parseClientCertificate(String(atC.headers['unikorn-client-certificate']));
    expect(relayed.fingerprint256).toBe(certA.certificate.fingerprint256);
    expect(String(atC.headers.traceparent)).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(atC.headers.authorization).toBeUndefined();
  });

  it('a controller call from A is verified by B against the TLS peer and relayed to C as the same principal', async () => {
    const serviceC = await env.server();
    const seenByB: InboundIdentity[] = [];
    const bUrl = await startServiceB(serviceC.url, seenByB);
    await env.clientSecret('controller-a', 'rsa-2048');
    const resource = {
      metadata: {
        labels: { 'unikorn-cloud.org/organization': 'org-9' },
        annotations: { 'unikorn-cloud.org/creator': 'creator@example.com' },
      },
    };
    const toB = await env.baseClient(bUrl, 'controller-a').controllerClient(testClient, resource);

    const response = await toB.get('/b');

    expect(response.status).toBe(200);
    expect(seenByB[0].principal).toEqual({
      principal: { organizationId: 'org-9', actor: 'creator@example.com' },
      impersonate: false,
      signed: true,
    });
    expect(decodePrincipalHeader(String(serviceC.requests[0].headers['x-principal']))).toEqual({
      organizationId: 'org-9',
      actor: 'creator@example.com',
    });
  });

  it('B answers a request without a client certificate relay or principal like a Go server (400)', async () => {
    const serviceC = await env.server();
    const bUrl = await startServiceB(serviceC.url, []);
    await env.clientSecret('service-x');
    const base = env.baseClient(bUrl, 'service-x');
    const { sendRequest } = await import('../src');
    const response = await sendRequest(
      { baseUrl: bUrl, dispatcher: await base.httpClient(), mutators: [] },
      { method: 'GET', path: '/b' },
    );
    expect(response).toMatchObject({
      status: 400,
      body: { error: 'invalid_request', error_description: 'principal propagation failure for authentication' },
    });
    expect(serviceC.requests).toHaveLength(0);
  });
});
