import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { CertificateAuthority, MTLSServer, tlsSecret } from '@unikorn-cloud/testkit';
import { request } from 'undici';
import { DispatcherCache } from '../src/http/dispatcher';
import { newHTTPClientOptions, newHTTPOptions } from '../src/options/options';
import { type KubernetesFixture, startKubernetes } from './fixtures';

const NS = 'socket-reuse';

let ca: CertificateAuthority;
let kubernetes: KubernetesFixture;
let server: MTLSServer;

beforeAll(async () => {
  ca = await CertificateAuthority.create({ commonName: 'socket-reuse-ca' });
  kubernetes = await startKubernetes();
  server = await MTLSServer.start({ ca, certificate: await ca.issueServer() });
  kubernetes.api.putSecret(tlsSecret(NS, 'ca', { certificatePem: ca.certificatePem }));
  kubernetes.api.putSecret(tlsSecret(NS, 'client', await ca.issueClient('client')));
});

afterAll(async () => {
  await server.close();
  await kubernetes.api.close();
});

it('back-to-back sequential requests reuse one keep-alive connection (one TLS handshake)', async () => {
  const cache = new DispatcherCache();
  const options = newHTTPOptions('region', { host: server.url, caSecretNamespace: NS, caSecretName: 'ca' });
  const clientOptions = newHTTPClientOptions({ certificateNamespace: NS, certificateName: 'client' });
  const dispatcher = await cache.get(kubernetes.kube, options, clientOptions);
  for (let i = 0; i < 20; i++) {
    // The next request starts in the same event-loop turn as the previous response ended.
    const response = await request(`${server.url}/item/${i}`, { dispatcher });
    await response.body.text();
  }
  expect(server.requests).toHaveLength(20);
  expect(server.handshakes).toBe(1);
  expect(new Set(server.requests.map((recorded) => recorded.connectionId)).size).toBe(1);
  await cache.close();
});

it('sequential requests after a concurrent burst use the connections already open (no further handshake)', async () => {
  const handshakesBefore = server.handshakes;
  const cache = new DispatcherCache();
  const options = newHTTPOptions('region', { host: server.url, caSecretNamespace: NS, caSecretName: 'ca' });
  const clientOptions = newHTTPClientOptions({ certificateNamespace: NS, certificateName: 'client' });
  const dispatcher = await cache.get(kubernetes.kube, options, clientOptions);
  const burst = await Promise.all(
    [0, 1, 2].map(async (i) => (await request(`${server.url}/burst/${i}`, { dispatcher })).body.text()),
  );
  expect(burst).toHaveLength(3);
  const opened = server.handshakes - handshakesBefore;
  expect(opened).toBe(3);
  for (let i = 0; i < 20; i++) {
    const response = await request(`${server.url}/after-burst/${i}`, { dispatcher });
    await response.body.text();
  }
  expect(server.handshakes - handshakesBefore).toBe(opened);
  await cache.close();
});

it('a connection the server closed is not reused: each sequential request opens a new one and succeeds', async () => {
  const closing = await MTLSServer.start({
    ca,
    certificate: await ca.issueServer(),
    handler: () => ({ status: 200, headers: { connection: 'close' }, body: { ok: true } }),
  });
  const cache = new DispatcherCache();
  try {
    const options = newHTTPOptions('region', { host: closing.url, caSecretNamespace: NS, caSecretName: 'ca' });
    const clientOptions = newHTTPClientOptions({ certificateNamespace: NS, certificateName: 'client' });
    const dispatcher = await cache.get(kubernetes.kube, options, clientOptions);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await request(`${closing.url}/closing/${i}`, { dispatcher });
      await response.body.text();
      statuses.push(response.statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    expect(closing.handshakes).toBe(5);
  } finally {
    await cache.close();
    await closing.close();
  }
});
