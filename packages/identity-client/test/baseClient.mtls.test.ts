import { X509Certificate } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { trace } from '@opentelemetry/api';
import { ClientCredentialError, verifyAndDecode } from '@unikorn-cloud/core-client';
import type { KeyType } from '@unikorn-cloud/testkit';
import {
  encodeClientCertificate,
  encodePrincipalHeader,
  principalFromResource,
  withClientCertificate,
  withImpersonation,
  withPrincipal,
} from '../src';
import { Environment, namespace, testClient } from './support/environment';
import { registerTracing, resetTracing } from './support/otel';

const principal = { organizationId: 'org-1', projectId: 'proj-1', actor: 'user@example.com' };

const resource = {
  metadata: {
    name: 'network-1',
    labels: {
      'unikorn-cloud.org/organization': 'org-1',
      'principal.unikorn-cloud.org/organization': 'org-2',
      'unikorn-cloud.org/project': 'proj-1',
    },
    annotations: { 'principal.unikorn-cloud.org/creator': 'creator@example.com' },
  },
};

function headerNames(rawHeaders: readonly (readonly [string, string])[]): string[] {
  return rawHeaders.map(([name]) => name);
}

function header(rawHeaders: readonly (readonly [string, string])[], name: string): string | undefined {
  return rawHeaders.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
}

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

describe('apiClient over real mTLS', () => {
  it('a request inside withPrincipal carries exactly host, connection, X-Principal (in that order) and no Authorization', async () => {
    const server = await env.server();
    await env.clientSecret('service-api');
    const client = await env.baseClient(server.url, 'service-api').apiClient(testClient);

    const response = await withPrincipal(principal, () => client.get('/api/v1/things'));

    expect(response.status).toBe(200);
    const [request] = server.requests;
    expect(headerNames(request.rawHeaders)).toEqual(['host', 'connection', 'X-Principal']);
    expect(header(request.rawHeaders, 'X-Principal')).toBe(encodePrincipalHeader(principal));
    expect(request.headers.authorization).toBeUndefined();
    expect(request.clientCertificate?.commonName).toBe('service-api');
    expect(request.tlsVersion).toBe('TLSv1.3');
  });

  it('with an OTel SDK and an active span: traceparent (that trace id), Unikorn-Client-Certificate, X-Principal, X-Impersonate in order', async () => {
    const tracer = registerTracing();
    const server = await env.server();
    await env.clientSecret('service-traced');
    const client = await env.baseClient(server.url, 'service-traced').apiClient(testClient);

    const traceId = await tracer.startActiveSpan('outer', async (span) => {
      await withPrincipal(principal, () =>
        withImpersonation(() => withClientCertificate('relayed%0Acert', () => client.get('/traced'))),
      );
      span.end();
      return span.spanContext().traceId;
    });

    const [request] = server.requests;
    expect(headerNames(request.rawHeaders)).toEqual([
      'host',
      'connection',
      'traceparent',
      'Unikorn-Client-Certificate',
      'X-Principal',
      'X-Impersonate',
    ]);
    expect(header(request.rawHeaders, 'traceparent')).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(header(request.rawHeaders, 'Unikorn-Client-Certificate')).toBe('relayed%0Acert');
    expect(header(request.rawHeaders, 'X-Impersonate')).toBe('true');
    expect(request.headers.authorization).toBeUndefined();
  });

  it('without an OTel SDK no trace header is sent, even inside a started span', async () => {
    const server = await env.server();
    await env.clientSecret('service-untraced');
    const client = await env.baseClient(server.url, 'service-untraced').apiClient(testClient);

    await trace.getTracer('none').startActiveSpan('outer', async (span) => {
      await withPrincipal(principal, () => client.get('/untraced'));
      span.end();
    });

    const names = headerNames(server.requests[0].rawHeaders).map((name) => name.toLowerCase());
    expect(names).not.toContain('traceparent');
    expect(names).not.toContain('tracestate');
  });

  it('repeated apiClient() calls share one dispatcher: one Secret read and one TLS handshake', async () => {
    const server = await env.server();
    await env.clientSecret('service-shared');
    const base = env.baseClient(server.url, 'service-shared');
    await withPrincipal(principal, async () => {
      await (await base.apiClient(testClient)).get('/one');
      // Let the pool take the socket back (undici may open a second socket right after a body is read).
      await new Promise((resolve) => setTimeout(resolve, 20));
      await (await base.apiClient(testClient)).get('/two');
    });
    expect(await base.httpClient()).toBe(await base.httpClient());
    expect(env.api.reads(namespace, 'service-shared-client')).toBe(1);
    expect(server.handshakes).toBe(1);
    expect(server.requests).toHaveLength(2);
  });

  it('an access-token getter adds Authorization: bearer <token> first; a missing principal aborts before sending', async () => {
    const server = await env.server();
    await env.clientSecret('service-token');
    const { BaseClient } = await import('../src');
    const base = new BaseClient(env.kube, env.options(server.url), env.clientOptions('service-token'), {
      accessToken: async () => 'token-1',
      dispatcherCache: new (await import('@unikorn-cloud/core-client')).DispatcherCache(),
    });
    env.onClose(() => base.close());
    const client = await base.apiClient(testClient);
    await expect(client.get('/no-principal')).rejects.toThrow('context invalid: principal is not defined');
    expect(server.requests).toHaveLength(0);

    await withPrincipal(principal, () => client.get('/with-token'));
    expect(headerNames(server.requests[0].rawHeaders)).toEqual(['host', 'connection', 'Authorization', 'X-Principal']);
    expect(header(server.requests[0].rawHeaders, 'Authorization')).toBe('bearer token-1');
  });
});

describe('controllerClient over real mTLS', () => {
  const keyTypes: KeyType[] = ['rsa-2048', 'ec-p256', 'ec-p384'];
  const algorithms: Record<string, string> = { 'rsa-2048': 'PS512', 'ec-p256': 'ES256', 'ec-p384': 'ES384' };

  it.each(keyTypes)(
    'X-Principal is a JWS of principalFromResource verifying with the %s client certificate',
    async (keyType) => {
      const server = await env.server();
      const commonName = `controller-${keyType}`;
      const issued = await env.clientSecret(commonName, keyType);
      const client = await env.baseClient(server.url, commonName).controllerClient(testClient, resource);

      await client.get('/controller');
      await client.get('/controller-again');

      const [first, second] = server.requests;
      expect(headerNames(first.rawHeaders)).toEqual(['host', 'connection', 'X-Principal']);
      const token = header(first.rawHeaders, 'X-Principal') ?? '';
      const protectedHeader = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());
      expect(protectedHeader).toEqual({ alg: algorithms[keyType] });
      // Verified with the certificate the TLS connection presented, as a Go server does.
      const presented = new X509Certificate(first.clientCertificate?.pem ?? '');
      expect(presented.fingerprint256).toBe(issued.certificate.fingerprint256);
      expect(await verifyAndDecode(token, presented)).toEqual(principalFromResource(resource));
      expect(await verifyAndDecode(token, presented)).toEqual({
        organizationId: 'org-2',
        projectId: 'proj-1',
        actor: 'creator@example.com',
      });
      // Signing is randomised: an identical token proves the JWS was cached, not re-signed.
      expect(header(second.rawHeaders, 'X-Principal')).toBe(token);
    },
  );

  it('after certificate rotation the principal is re-signed with the new key, matching the new TLS certificate', async () => {
    const server = await env.server();
    let clock = Date.now();
    await env.clientSecret('controller-rotating', 'ec-p256');
    const clientOptions = env.clientOptions('controller-rotating', { reloadIntervalMs: 3_600_000, now: () => clock });
    const client = await env
      .baseClient(server.url, 'controller-rotating', clientOptions)
      .controllerClient(testClient, resource);

    await client.get('/before');
    const rotated = await env.clientSecret('controller-rotating', 'ec-p384');
    clock += 3_600_000 + 60_000;
    await client.get('/after');

    const [before, after] = server.requests;
    const tokenAfter = header(after.rawHeaders, 'X-Principal') ?? '';
    expect(tokenAfter).not.toBe(header(before.rawHeaders, 'X-Principal'));
    expect(after.clientCertificate?.fingerprint).toBe(rotated.fingerprint);
    expect(JSON.parse(Buffer.from(tokenAfter.split('.')[0], 'base64url').toString())).toEqual({ alg: 'ES384' });
    expect(await verifyAndDecode(tokenAfter, rotated.certificate)).toEqual(principalFromResource(resource));
  });

  it.each([
    ['ec-p256', 'ES256'],
    ['ec-p384', 'ES384'],
  ] as const)(
    'an EC %s Secret key under the default signing policy fails before any request, naming the setting',
    async (keyType, alg) => {
      const server = await env.server();
      const commonName = `controller-default-${keyType}`;
      await env.clientSecret(commonName, keyType);
      const clientOptions = env.clientOptions(commonName, { signingKeys: '' });
      const base = env.baseClient(server.url, commonName, clientOptions);
      const error = await base.controllerClient(testClient, resource).then(
        () => undefined,
        (reason: unknown) => reason as Error,
      );
      expect(error).toBeInstanceOf(ClientCredentialError);
      expect(error?.message).toContain(`would sign ${alg}`);
      expect(error?.message).toContain('--client-certificate-signing-keys=rsa-or-ec');
      expect(server.requests).toHaveLength(0);
      // An RSA key signs PS512 under the same default.
      await env.clientSecret(`${commonName}-rsa`, 'rsa-2048');
      const rsa = env.baseClient(
        server.url,
        `${commonName}-rsa`,
        env.clientOptions(`${commonName}-rsa`, { signingKeys: '' }),
      );
      const client = await rsa.controllerClient(testClient, resource);
      await client.get('/rsa-default');
      const token = header(server.requests[0]?.rawHeaders ?? [], 'X-Principal') ?? '';
      expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())).toEqual({ alg: 'PS512' });
    },
  );

  it('a resource without annotations aborts the request before sending', async () => {
    const server = await env.server();
    await env.clientSecret('controller-bad');
    const client = await env
      .baseClient(server.url, 'controller-bad')
      .controllerClient(testClient, { metadata: { labels: {} } });
    await expect(client.get('/x')).rejects.toThrow('consistency error: annotations missing from resource');
    expect(server.requests).toHaveLength(0);
  });

  it('the relayed certificate comes before the signed principal', async () => {
    const server = await env.server();
    const issued = await env.clientSecret('controller-relay');
    const client = await env.baseClient(server.url, 'controller-relay').controllerClient(testClient, resource);
    const relayed = encodeClientCertificate(issued.certificate);
    await withClientCertificate(relayed, () => client.get('/relay'));
    const [request] = server.requests;
    expect(headerNames(request.rawHeaders)).toEqual([
      'host',
      'connection',
      'Unikorn-Client-Certificate',
      'X-Principal',
    ]);
    expect(header(request.rawHeaders, 'Unikorn-Client-Certificate')).toBe(relayed);
  });
});
