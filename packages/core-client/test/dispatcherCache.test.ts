import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KubeConfig } from '@kubernetes/client-node';
import { CertificateAuthority, MTLSServer, tlsSecret } from '@unikorn-cloud/testkit';
import { request } from 'undici';
import { InvalidContextError } from '../src/errors/errors';
import { type CredentialDispatcher, DispatcherCache, httpDispatcher } from '../src/http/dispatcher';
import { withKubernetesClient } from '../src/kubernetes/kubernetesContext';
import { newHTTPClientOptions, newHTTPOptions } from '../src/options/options';
import { type KubernetesFixture, startKubernetes } from './fixtures';

const NS = 'unikorn-identity';

let ca: CertificateAuthority;
let k8s: KubernetesFixture;
let server: MTLSServer;
// One connection per origin so that "no new TLS connection" is deterministic (undici's Pool may otherwise
// open a second socket right after a response completes).
const cache = new DispatcherCache({ agentOptions: { connections: 1 } });

beforeAll(async () => {
  ca = await CertificateAuthority.create({ commonName: 'cache-ca' });
  k8s = await startKubernetes();
  k8s.api.putSecret(tlsSecret(NS, 'identity-ca', { certificatePem: ca.certificatePem }));
  k8s.api.putSecret(tlsSecret(NS, 'client-tls', await ca.issueClient('cache-client')));
  k8s.api.putSecret(tlsSecret(NS, 'other-client-tls', await ca.issueClient('other-client')));
  server = await MTLSServer.start({ ca, certificate: await ca.issueServer() });
});

afterAll(async () => {
  await cache.close();
  await Promise.all([server.close(), k8s.api.close()]);
});

/** Fresh option objects with equal values, as two independently built clients would have. */
const options = () => newHTTPOptions('identity', { caSecretNamespace: NS, caSecretName: 'identity-ca' });
const clientOptions = (name = 'client-tls') =>
  newHTTPClientOptions({ certificateNamespace: NS, certificateName: name, reloadIntervalMs: 3_600_000 });

async function get(dispatcher: CredentialDispatcher, path: string): Promise<void> {
  const response = await request(`${server.url}${path}`, { dispatcher });
  expect(response.statusCode).toBe(200);
  await response.body.text();
}

describe('DispatcherCache', () => {
  it('a second client gets the same dispatcher: no extra Secret read and no new TLS handshake', async () => {
    const [first, concurrent] = await Promise.all([
      cache.get(k8s.kube, options(), clientOptions()),
      cache.get(k8s.kube, options(), clientOptions()),
    ]);
    expect(concurrent).toBe(first);
    expect(k8s.api.reads(NS, 'client-tls')).toBe(1);
    expect(k8s.api.reads(NS, 'identity-ca')).toBe(1);

    const second = await cache.get(k8s.kube, options(), clientOptions());
    expect(second).toBe(first);
    expect(k8s.api.reads(NS, 'client-tls')).toBe(1);
    expect(k8s.api.reads(NS, 'identity-ca')).toBe(1);

    const handshakesBefore = server.handshakes;
    for (let n = 0; n < 3; n++) {
      await get(first, `/client-a/${n}`);
      await get(second, `/client-b/${n}`);
    }
    expect(server.handshakes - handshakesBefore).toBe(1);
    expect(first.agentsCreated).toBe(1);
  });

  it('concurrent callers share one setup promise', () => {
    const a = cache.get(k8s.kube, options(), clientOptions('other-client-tls'));
    const b = cache.get(k8s.kube, options(), clientOptions('other-client-tls'));
    expect(b).toBe(a);
    return a;
  });

  it('different secrets, intervals or KubeConfig instances get different dispatchers', async () => {
    const base = await cache.get(k8s.kube, options(), clientOptions());
    const otherSecret = await cache.get(k8s.kube, options(), clientOptions('other-client-tls'));
    const otherInterval = await cache.get(
      k8s.kube,
      options(),
      clientOptions().apply({ 'client-certificate-reload-interval': '5m' }),
    );
    const otherKube = new KubeConfig();
    otherKube.loadFromString(k8s.api.kubeconfigYaml());
    const otherKubeDispatcher = await cache.get(otherKube, options(), clientOptions());
    expect(new Set([base, otherSecret, otherInterval, otherKubeDispatcher]).size).toBe(4);
  });

  it('httpDispatcher resolves the Kubernetes client from context and uses the given cache', async () => {
    const direct = await cache.get(k8s.kube, options(), clientOptions());
    const fromContext = await withKubernetesClient(k8s.kube, () =>
      httpDispatcher(undefined, options(), clientOptions(), cache),
    );
    expect(fromContext).toBe(direct);
    expect(() => httpDispatcher(undefined, options(), clientOptions(), cache)).toThrow(InvalidContextError);
  });

  it('close() closes every cached dispatcher; later gets build new ones', async () => {
    const local = new DispatcherCache();
    const dispatcher = await local.get(k8s.kube, options(), clientOptions());
    await get(dispatcher, '/close/before');
    await local.close();
    await expect(request(`${server.url}/close/after`, { dispatcher })).rejects.toMatchObject({
      code: 'UND_ERR_CLOSED',
    });
    const rebuilt = await local.get(k8s.kube, options(), clientOptions());
    expect(rebuilt).not.toBe(dispatcher);
    await local.close();
  });
});
