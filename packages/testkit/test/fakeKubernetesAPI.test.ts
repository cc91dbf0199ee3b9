import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Agent, request } from 'undici';
import { parse } from 'yaml';
import { CertificateAuthority, FakeKubernetesAPI, tlsSecret } from '../src';

describe('FakeKubernetesAPI', () => {
  let api: FakeKubernetesAPI;
  let agent: Agent;

  const call = async (method: string, path: string, body?: unknown, token: string | null = api.token) => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await request(`${api.url}${path}`, {
      method: method as 'GET',
      dispatcher: agent,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.body.text();
    return { status: response.statusCode, contentType: response.headers['content-type'], json: JSON.parse(text) };
  };

  beforeAll(async () => {
    api = await FakeKubernetesAPI.start({ ca: await CertificateAuthority.create({ commonName: 'api-ca' }) });
    agent = new Agent({ connect: { ca: api.caPem, servername: 'localhost' }, keepAliveTimeout: 1000 });
  });

  afterEach(() => {
    api.setFault(undefined);
  });

  afterAll(async () => {
    await agent.destroy();
    await api.close();
  });

  it('produces a kubeconfig for 127.0.0.1 with CA data, tls-server-name and token', () => {
    const config = parse(api.kubeconfigYaml());
    expect(config).toEqual({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'testkit',
          cluster: {
            server: `https://127.0.0.1:${api.port}`,
            'certificate-authority-data': Buffer.from(api.caPem).toString('base64'),
            'tls-server-name': 'localhost',
          },
        },
      ],
      users: [{ name: 'testkit', user: { token: 'testkit-token' } }],
      contexts: [{ name: 'testkit', context: { cluster: 'testkit', user: 'testkit', namespace: 'default' } }],
      'current-context': 'testkit',
      preferences: {},
    });
    expect(api.kubeconfigOptions()).toEqual({
      clusters: [
        {
          name: 'testkit',
          server: api.url,
          caData: Buffer.from(api.caPem).toString('base64'),
          tlsServerName: 'localhost',
          skipTLSVerify: false,
        },
      ],
      users: [{ name: 'testkit', token: 'testkit-token' }],
      contexts: [{ name: 'testkit', cluster: 'testkit', user: 'testkit', namespace: 'default' }],
      currentContext: 'testkit',
    });
  });

  it('serves stored secrets and counts reads', async () => {
    api.putSecret(tlsSecret('ns1', 'client-tls', { certificatePem: 'CERT', privateKeyPem: 'KEY' }));
    const before = api.reads('ns1', 'client-tls');
    const { status, json } = await call('GET', '/api/v1/namespaces/ns1/secrets/client-tls');
    expect(status).toBe(200);
    expect(json).toMatchObject({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'client-tls', namespace: 'ns1' },
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': 'Q0VSVA==', 'tls.key': 'S0VZ' },
    });
    expect(json.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(api.reads('ns1', 'client-tls')).toBe(before + 1);
    expect(api.requests.at(-1)).toMatchObject({ method: 'GET', path: '/api/v1/namespaces/ns1/secrets/client-tls' });
    expect(api.requests.at(-1)?.headers.authorization).toBe('Bearer testkit-token');
  });

  it('answers a missing secret with a NotFound Status', async () => {
    const { status, contentType, json } = await call('GET', '/api/v1/namespaces/ns1/secrets/x');
    expect(status).toBe(404);
    expect(contentType).toBe('application/json');
    expect(json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'secrets "x" not found',
      reason: 'NotFound',
      details: { name: 'x', kind: 'secrets' },
      code: 404,
    });
    expect(api.reads('ns1', 'x')).toBe(1);
  });

  it('rejects requests without the bearer token', async () => {
    const { status, json } = await call('GET', '/api/v1/namespaces/ns1/secrets', undefined, null);
    expect(status).toBe(401);
    expect(json).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
  });

  it('creates, replaces, lists and deletes secrets with Kubernetes semantics', async () => {
    const created = await call('POST', '/api/v1/namespaces/ns2/secrets', {
      metadata: { name: 's' },
      data: { a: 'Yg==' },
    });
    expect(created.status).toBe(201);
    const firstVersion = Number(created.json.metadata.resourceVersion);

    const duplicate = await call('POST', '/api/v1/namespaces/ns2/secrets', { metadata: { name: 's' } });
    expect(duplicate.status).toBe(409);
    expect(duplicate.json).toMatchObject({ reason: 'AlreadyExists', message: 'secrets "s" already exists', code: 409 });

    const replaced = await call('PUT', '/api/v1/namespaces/ns2/secrets/s', { ...created.json, data: { a: 'Yw==' } });
    expect(replaced.status).toBe(200);
    expect(Number(replaced.json.metadata.resourceVersion)).toBeGreaterThan(firstVersion);
    expect(replaced.json.metadata.uid).toBe(created.json.metadata.uid);
    expect(api.getSecret('ns2', 's')?.data).toEqual({ a: 'Yw==' });

    const stale = await call('PUT', '/api/v1/namespaces/ns2/secrets/s', created.json);
    expect(stale.status).toBe(409);
    expect(stale.json.reason).toBe('Conflict');

    const missing = await call('PUT', '/api/v1/namespaces/ns2/secrets/t', { metadata: { name: 't' } });
    expect(missing.status).toBe(404);

    const list = await call('GET', '/api/v1/namespaces/ns2/secrets');
    expect(list.json.kind).toBe('SecretList');
    expect(list.json.items.map((s: { metadata: { name: string } }) => s.metadata.name)).toEqual(['s']);

    const deleted = await call('DELETE', '/api/v1/namespaces/ns2/secrets/s');
    expect(deleted.json).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 's', kind: 'secrets' } });
    expect(api.getSecret('ns2', 's')).toBeUndefined();
    expect((await call('DELETE', '/api/v1/namespaces/ns2/secrets/s')).status).toBe(404);
  });

  it('bumps resourceVersion when a secret is put again', () => {
    const first = api.putSecret(tlsSecret('ns3', 'r', { certificatePem: 'A' }));
    const second = api.putSecret(tlsSecret('ns3', 'r', { certificatePem: 'B' }));
    expect(Number(second.metadata.resourceVersion)).toBeGreaterThan(Number(first.metadata.resourceVersion));
    expect(api.deleteSecret('ns3', 'r')).toBe(true);
    expect(api.deleteSecret('ns3', 'r')).toBe(false);
  });

  it('serves discovery with pods/status listed before pods', async () => {
    expect((await call('GET', '/api')).json).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const core = (await call('GET', '/api/v1')).json;
    expect(core.kind).toBe('APIResourceList');
    expect(core.groupVersion).toBe('v1');
    const names: string[] = core.resources.map((r: { name: string }) => r.name);
    expect(names).toEqual(expect.arrayContaining(['secrets', 'configmaps', 'namespaces', 'pods', 'pods/status']));
    expect(names.indexOf('pods/status')).toBeLessThan(names.indexOf('pods'));
    expect(core.resources.find((r: { name: string }) => r.name === 'namespaces').namespaced).toBe(false);

    const groups = (await call('GET', '/apis')).json;
    expect(groups.kind).toBe('APIGroupList');
    expect(groups.groups).toContainEqual({
      kind: 'APIGroup',
      apiVersion: 'v1',
      name: 'networking.k8s.io',
      versions: [{ groupVersion: 'networking.k8s.io/v1', version: 'v1' }],
      preferredVersion: { groupVersion: 'networking.k8s.io/v1', version: 'v1' },
    });
    const networking = (await call('GET', '/apis/networking.k8s.io/v1')).json;
    expect(networking.resources.map((r: { kind: string }) => r.kind)).toEqual(['Ingress']);
  });

  it('registers custom resources and serves their objects', async () => {
    api.registerResource({
      group: 'region.unikorn-cloud.org',
      version: 'v1alpha1',
      kind: 'Region',
      plural: 'regions',
      subresources: ['status'],
    });
    const discovery = (await call('GET', '/apis/region.unikorn-cloud.org/v1alpha1')).json;
    expect(discovery.resources.map((r: { name: string }) => r.name)).toEqual(['regions', 'regions/status']);

    api.putObject({
      apiVersion: 'region.unikorn-cloud.org/v1alpha1',
      kind: 'Region',
      metadata: { name: 'r1', namespace: 'ns1', labels: { a: 'b' } },
      spec: { provider: 'openstack' },
    });
    const read = await call('GET', '/apis/region.unikorn-cloud.org/v1alpha1/namespaces/ns1/regions/r1');
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({
      kind: 'Region',
      metadata: { name: 'r1', labels: { a: 'b' } },
      spec: { provider: 'openstack' },
    });
    expect(api.getObject('region.unikorn-cloud.org/v1alpha1', 'Region', 'ns1', 'r1')?.metadata.uid).toBe(
      read.json.metadata.uid,
    );

    const missing = await call('GET', '/apis/region.unikorn-cloud.org/v1alpha1/namespaces/ns1/regions/r2');
    expect(missing.json).toMatchObject({
      message: 'regions.region.unikorn-cloud.org "r2" not found',
      details: { name: 'r2', group: 'region.unikorn-cloud.org', kind: 'regions' },
    });
    expect(() => api.putObject({ apiVersion: 'x/v1', kind: 'Nope', metadata: { name: 'n' } })).toThrow(
      'not registered',
    );
  });

  it('answers unknown paths with a NotFound Status', async () => {
    for (const path of ['/apis/nope.example.com/v1', '/api/v1/namespaces/ns1/widgets/w', '/healthz']) {
      const { status, json } = await call('GET', path);
      expect(status).toBe(404);
      expect(json).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404 });
    }
  });

  it('applies the fault hook before normal handling', async () => {
    api.setFault((req) => (req.path.includes('/secrets/') ? { status: 503 } : undefined));
    const failed = await call('GET', '/api/v1/namespaces/ns1/secrets/client-tls');
    expect(failed.status).toBe(503);
    expect(failed.json).toMatchObject({ kind: 'Status', reason: 'ServiceUnavailable', code: 503 });

    api.setFault(() => ({ status: 500, body: 'boom' }));
    const text = await request(`${api.url}/api/v1`, { dispatcher: agent });
    expect(text.statusCode).toBe(500);
    expect(await text.body.text()).toBe('boom');

    api.setFault(() => 'reset');
    await expect(call('GET', '/api/v1')).rejects.toThrow();

    api.setFault(() => ({ delayMs: 150 }));
    const started = Date.now();
    const slow = await call('GET', '/api/v1/namespaces/ns1/secrets/client-tls');
    expect(slow.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('closes idle connections on close', async () => {
    const other = await FakeKubernetesAPI.start({ ca: api.ca });
    const client = new Agent({ connect: { ca: other.caPem, servername: 'localhost' }, keepAliveTimeout: 60_000 });
    const response = await request(`${other.url}/version`, {
      dispatcher: client,
      headers: { authorization: 'Bearer testkit-token' },
    });
    expect(await response.body.json()).toMatchObject({ major: '1' });
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(20_000);
    await client.destroy();
  });
});
