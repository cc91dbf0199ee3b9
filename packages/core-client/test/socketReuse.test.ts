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
  await cache.close();
});
