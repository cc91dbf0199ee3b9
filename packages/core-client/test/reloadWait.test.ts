import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { CertificateAuthority, MTLSServer, tlsSecret } from '@unikorn-cloud/testkit';
import { request } from 'undici';
import { DispatcherCache } from '../src/http/dispatcher';
import { newHTTPClientOptions, newHTTPOptions } from '../src/options/options';
import { HOUR, type KubernetesFixture, ManualClock, startKubernetes } from './fixtures';

const NS = 'reload-wait';

let ca: CertificateAuthority;
let kubernetes: KubernetesFixture;
let server: MTLSServer;

beforeAll(async () => {
  ca = await CertificateAuthority.create({ commonName: 'reload-wait-ca' });
  kubernetes = await startKubernetes();
  server = await MTLSServer.start({ ca, certificate: await ca.issueServer() });
  kubernetes.api.putSecret(tlsSecret(NS, 'ca', { certificatePem: ca.certificatePem }));
  kubernetes.api.putSecret(tlsSecret(NS, 'client', await ca.issueClient('client', { serialNumber: '01' })));
});

afterAll(async () => {
  kubernetes.api.setFault(undefined);
  await server.close();
  await kubernetes.api.close();
});

it('a hung Kubernetes API delays a due reload by at most reloadWaitMs; the reload lands when the API answers', async () => {
  const clock = new ManualClock();
  const cache = new DispatcherCache({ reloadWaitMs: 50 });
  const options = newHTTPOptions('region', { host: server.url, caSecretNamespace: NS, caSecretName: 'ca' });
  const clientOptions = newHTTPClientOptions({
    certificateNamespace: NS,
    certificateName: 'client',
    reloadIntervalMs: HOUR,
    now: clock.now,
  });
  const dispatcher = await cache.get(kubernetes.kube, options, clientOptions);
  const serialOfNextRequest = async () => {
    const response = await request(`${server.url}/`, { dispatcher });
    await response.body.dump();
    return server.requests.at(-1)?.clientCertificate?.serialNumber;
  };
  expect(await serialOfNextRequest()).toBe('01');

  // Rotate the Secret, then hang every Kubernetes request until the gate opens.
  kubernetes.api.putSecret(tlsSecret(NS, 'client', await ca.issueClient('client', { serialNumber: '02' })));
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  let hung = 0;
  kubernetes.api.setFault(async () => {
    hung += 1;
    await gate;
    return undefined;
  });
  clock.advance(HOUR + 1);

  // The reload is due and its Secret read hangs: the request goes ahead with the last good certificate.
  expect(await serialOfNextRequest()).toBe('01');
  expect(hung).toBeGreaterThan(0);

  // Once the API answers, the pending reload completes and the next request presents the new certificate.
  kubernetes.api.setFault(undefined);
  open();
  await dispatcher.config.credential?.refresh();
  expect(await serialOfNextRequest()).toBe('02');
  await cache.close();
});
