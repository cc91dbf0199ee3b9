import { types } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { APIError, DispatcherCache, UnikornError, verifyAndDecode } from '@unikorn-cloud/core-client';
import { decodePrincipalHeader, principalFromResource, withPrincipal } from '@unikorn-cloud/identity-client';
import { MTLSServer, rejection } from '@unikorn-cloud/testkit';
import { RequestAbortedError, RequestTimeoutError } from '../src';
import { Client, newOptions, REGION_SERVICE } from '../src/client';
import {
  CA_SECRET,
  CLIENT_COMMON_NAME,
  CLIENT_SECRET,
  NAMESPACE,
  PROJECT,
  type RegionEnvironment,
  startEnvironment,
  USER,
} from './support/environment';

const TIMEOUT = /^(TimeoutError|RequestTimeoutError)$/;
const ABORTED = /^(AbortError|RequestAbortedError)$/;

let env: RegionEnvironment;

beforeAll(async () => {
  env = await startEnvironment();
});

afterAll(async () => {
  await env?.close();
});

describe('newOptions (Go region NewOptions)', () => {
  it('uses the region flag names', () => {
    expect(REGION_SERVICE).toBe('region');
    expect(newOptions().flagNames()).toEqual({
      host: '--region-host',
      caSecretNamespace: '--region-ca-secret-namespace',
      caSecretName: '--region-ca-secret-name',
    });
  });

  it('reads the flags from argv (`--flag value` and `--flag=value`), ignoring other flags', () => {
    const options = newOptions().parseFlags([
      '--identity-host',
      'https://identity.example',
      '--region-host',
      'https://region.example',
      '--region-ca-secret-namespace=unikorn',
      '--region-ca-secret-name',
      'region-ca',
    ]);
    expect(options).toMatchObject({
      host: 'https://region.example',
      caSecretNamespace: 'unikorn',
      caSecretName: 'region-ca',
    });
  });

  it('reads the same values from an object keyed by flag name or field name', () => {
    const byFlag = newOptions().apply({
      '--region-host': 'https://a.example',
      'region-ca-secret-namespace': 'ns',
      'region-ca-secret-name': 'ca',
    });
    const byField = newOptions({ host: 'https://a.example', caSecretNamespace: 'ns', caSecretName: 'ca' });
    for (const options of [byFlag, byField]) {
      expect({ ...options }).toMatchObject({ host: 'https://a.example', caSecretNamespace: 'ns', caSecretName: 'ca' });
    }
  });
});

describe('Client against the region API server', () => {
  it('apiClient() inside withPrincipal lists networks with that principal, unsigned', async () => {
    const api = await env.client().apiClient();
    const from = env.server.requests.length;
    const networks = await withPrincipal(USER, () => api.networks.list());
    expect(networks.map((network) => network.metadata.id)).toContain(env.networkID);

    const [request] = env.server.requests.slice(from);
    expect(request.method).toBe('GET');
    expect(request.rawPath).toBe('/api/v2/networks');
    expect(request.clientCertificate?.commonName).toBe(CLIENT_COMMON_NAME);
    expect(request.headers.authorization).toBeUndefined();
    expect(decodePrincipalHeader(request.headers['x-principal'] as string)).toEqual(USER);
    expect(env.server.calls.at(-1)).toMatchObject({
      operationId: 'listNetworks',
      valid: true,
      signed: false,
      impersonate: false,
      principal: USER,
      subject: CLIENT_COMMON_NAME,
      status: 200,
    });
  });

  it('apiClient() sends query filters the server applies', async () => {
    const api = await env.client().apiClient();
    const none = await withPrincipal(USER, () =>
      api.networks.list({ projectId: ['00000000-0000-4000-8000-000000000000'] }),
    );
    const mine = await withPrincipal(USER, () => api.networks.list({ projectId: [PROJECT] }));
    expect(none).toEqual([]);
    expect(mine.map((network) => network.metadata.id)).toContain(env.networkID);
    expect(env.server.calls.at(-1)?.rawPath).toBe(`/api/v2/networks?projectID=${PROJECT}`);
  });

  it('withResponse() resolves with status, headers and the decoded body', async () => {
    const api = await env.client().apiClient();
    const response = await withPrincipal(USER, () => api.withResponse().networks.get({ networkId: env.networkID }));
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/json/);
    expect(response.body.metadata.id).toBe(env.networkID);
    expect(api.withResponse()).toBe(api.withResponse());
    const body = await withPrincipal(USER, () => api.networks.get({ networkId: env.networkID }));
    expect(body).toEqual(response.body);
  });

  it('controllerClient(resource) sends the resource principal signed with the client key', async () => {
    const api = await env.client().controllerClient(env.cluster);
    const from = env.server.requests.length;
    const network = await api.networks.get({ networkId: env.networkID });
    expect(network.metadata.id).toBe(env.networkID);

    const [request] = env.server.requests.slice(from);
    const token = request.headers['x-principal'] as string;
    expect(token.split('.')).toHaveLength(3);
    expect(await verifyAndDecode(token, env.clientCertificate.certificatePem)).toEqual(
      principalFromResource(env.cluster),
    );
    expect(request.headers['x-impersonate']).toBeUndefined();
    expect(request.headers.authorization).toBeUndefined();
    expect(env.server.calls.at(-1)).toMatchObject({ operationId: 'getNetwork', signed: true, status: 200 });
  });

  it('two Clients from the same options read each Secret once and share one TLS connection', async () => {
    const dispatcherCache = new DispatcherCache();
    const caReads = env.kubernetes.reads(NAMESPACE, CA_SECRET);
    const clientReads = env.kubernetes.reads(NAMESPACE, CLIENT_SECRET);
    const handshakes = env.server.mtls.handshakes;
    const from = env.server.requests.length;
    try {
      const clients = [0, 1].map(() => new Client(env.kube, env.options, env.clientOptions, { dispatcherCache }));
      expect(await clients[0].httpClient()).toBe(await clients[1].httpClient());
      for (const client of clients) {
        const api = await client.apiClient();
        await withPrincipal(USER, () => api.networks.list());
        // undici marks a brand-new connection idle one macrotask after the response ends (its pool 'drain'
        // event); a request sent back-to-back in the same tick would open a second connection.
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(env.kubernetes.reads(NAMESPACE, CA_SECRET) - caReads).toBe(1);
      expect(env.kubernetes.reads(NAMESPACE, CLIENT_SECRET) - clientReads).toBe(1);
      expect(env.server.mtls.handshakes - handshakes).toBe(1);
      const sent = env.server.requests.slice(from);
      expect(sent).toHaveLength(2);
      expect(sent[0].connectionId).toBe(sent[1].connectionId);
    } finally {
      await dispatcherCache.close();
    }
  });

  it('a documented error status maps to APIError (unknown network → 404 not_found)', async () => {
    const api = await env.client().apiClient();
    const error = await rejection(
      withPrincipal(USER, () => api.networks.get({ networkId: '00000000-0000-4000-8000-000000000404' })),
    );
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: 404, errorCode: 'not_found', description: 'resource not found' });
    expect((error as APIError).message).toBe('resource not found');
  });

  it('without a principal in context the call fails before anything is sent', async () => {
    const api = await env.client().apiClient();
    const from = env.server.requests.length;
    const error = await rejection(api.networks.list());
    expect(error).toBeInstanceOf(UnikornError);
    expect((error as Error).message).toBe('context invalid: principal is not defined');
    expect(env.server.requests.length).toBe(from);
  });
});

describe('Client: timeouts and cancellation against a server that never answers', () => {
  let stalled: MTLSServer;

  beforeAll(async () => {
    stalled = await MTLSServer.start({
      ca: env.ca,
      certificate: await env.ca.issueServer(),
      handler: () => new Promise<never>(() => {}),
    });
  });

  afterAll(async () => {
    await stalled?.close();
  });

  function stalledClient(settings: { timeoutMs?: number } = {}): Client {
    const options = newOptions({ host: stalled.url, caSecretNamespace: NAMESPACE, caSecretName: CA_SECRET });
    return new Client(env.kube, options, env.clientOptions, { ...env.settings, ...settings });
  }

  it('request-level timeoutMs aborts the call', async () => {
    // Long enough for the request to reach the server on a loaded machine (the timeout bounds the whole call).
    const api = await stalledClient().apiClient({ timeoutMs: 2_000 });
    const from = stalled.requests.length;
    const error: unknown = await rejection(withPrincipal(USER, () => api.networks.list()));
    expect(types.isNativeError(error) || error instanceof Error).toBe(true);
    // DOMException TimeoutError from undici, or identity-client's typed RequestTimeoutError wrapping it.
    expect((error as Error).name).toMatch(TIMEOUT);
    expect(stalled.requests.length - from).toBe(1);
  });

  it('the client-wide timeoutMs setting applies when the request sets none', async () => {
    const api = await stalledClient({ timeoutMs: 150 }).apiClient();
    const error = await rejection(withPrincipal(USER, () => api.networks.list()));
    expect((error as Error).name).toMatch(TIMEOUT);
  });

  it('request-level signal aborts the call', async () => {
    const controller = new AbortController();
    const api = await stalledClient().apiClient({ signal: controller.signal });
    const from = stalled.requests.length;
    const pending = rejection(withPrincipal(USER, () => api.networks.get({ networkId: env.networkID })));
    while (stalled.requests.length === from) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const error = await pending;
    expect((error as Error).name).toMatch(ABORTED);
  });

  it('a per-call signal aborts the request in flight and closes its connection', async () => {
    const api = await stalledClient().apiClient();
    const controller = new AbortController();
    const from = stalled.requests.length;
    const settled = rejection(
      withPrincipal(USER, () => api.networks.get({ networkId: env.networkID, signal: controller.signal })),
    );
    while (stalled.requests.length === from) await new Promise((resolve) => setTimeout(resolve, 5));
    const sockets = stalled.openSockets;
    controller.abort();
    expect(await settled).toBeInstanceOf(RequestAbortedError);
    // The transfer itself was aborted: undici destroys the socket the stalled request was using.
    while (stalled.openSockets >= sockets) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(stalled.openSockets).toBeLessThan(sockets);
  });

  it('a per-call signal and the client-wide one both abort (either ends the call)', async () => {
    const client = new AbortController();
    const api = await stalledClient().apiClient({ signal: client.signal });
    const from = stalled.requests.length;
    const settled = rejection(withPrincipal(USER, () => api.networks.list({ signal: new AbortController().signal })));
    while (stalled.requests.length === from) await new Promise((resolve) => setTimeout(resolve, 5));
    client.abort();
    expect(await settled).toBeInstanceOf(RequestAbortedError);
  });

  it('a per-call timeoutMs overrides the client-wide one', async () => {
    const api = await stalledClient({ timeoutMs: 600_000 }).apiClient();
    const error = await rejection(withPrincipal(USER, () => api.networks.list({ timeoutMs: 150 })));
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 150 });
  });

  it('an already aborted signal fails without waiting', async () => {
    const api = await stalledClient().apiClient({ signal: AbortSignal.abort() });
    const started = Date.now();
    await expect(withPrincipal(USER, () => api.networks.list())).rejects.toMatchObject({
      name: expect.stringMatching(ABORTED),
    });
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
