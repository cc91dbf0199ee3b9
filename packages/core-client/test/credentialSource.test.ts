import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApiException } from '@kubernetes/client-node';
import { CertificateAuthority, type IssuedCertificate, MTLSServer, tlsSecret } from '@unikorn-cloud/testkit';
import { request } from 'undici';
import { ReloadingCredentialSource } from '../src/credentials/credentialSource';
import { CredentialDispatcher, DispatcherCache } from '../src/http/dispatcher';
import { newHTTPClientOptions, newHTTPOptions } from '../src/options/options';
import { tlsClientConfig } from '../src/tls/tlsClientConfig';
import { HOUR, type KubernetesFixture, ManualClock, MINUTE, startKubernetes } from './fixtures';

const NAMESPACE = 'unikorn-region';

let ca: CertificateAuthority;
let serial1: IssuedCertificate;
let serial2: IssuedCertificate;
let k8s: KubernetesFixture;
let server: MTLSServer;
const dispatchers: CredentialDispatcher[] = [];

beforeAll(async () => {
  ca = await CertificateAuthority.create({ commonName: 'client-ca' });
  [serial1, serial2] = await Promise.all([
    ca.issueClient('region-client', { serialNumber: '01' }),
    ca.issueClient('region-client', { serialNumber: '02' }),
  ]);
  k8s = await startKubernetes();
  k8s.api.putSecret(tlsSecret(NAMESPACE, 'region-ca', { certificatePem: ca.certificatePem }));
  server = await MTLSServer.start({ ca, certificate: await ca.issueServer() });
});

afterAll(async () => {
  await Promise.all(dispatchers.map((dispatcher) => dispatcher.close()));
  await Promise.all([server.close(), k8s.api.close()]);
});

const regionOptions = () => newHTTPOptions('region', { caSecretNamespace: NAMESPACE, caSecretName: 'region-ca' });

/** Sends one request through the dispatcher and returns the serial number of the certificate the server saw. */
async function serialSeenByServer(dispatcher: CredentialDispatcher, path: string): Promise<string | undefined> {
  const response = await request(`${server.url}${path}`, { dispatcher });
  await response.body.text();
  return server.requests.find((recorded) => recorded.rawPath === path)?.clientCertificate?.serialNumber;
}

/** A fresh secret (unique name) holding serial 1, plus client options reading it with a manual clock. */
function setup(name: string, reloadIntervalMs = HOUR) {
  k8s.api.putSecret(tlsSecret(NAMESPACE, name, serial1));
  const clock = new ManualClock();
  const clientOptions = newHTTPClientOptions({
    certificateNamespace: NAMESPACE,
    certificateName: name,
    reloadIntervalMs,
  }).setNow(clock.now);
  const reads = () => k8s.api.reads(NAMESPACE, name);
  const rotate = () => k8s.api.putSecret(tlsSecret(NAMESPACE, name, serial2));
  return { clock, clientOptions, reads, rotate };
}

const serialOf = (credential: { leaf: { serialNumber: string } }) => credential.leaf.serialNumber.toLowerCase();

describe('ReloadingCredentialSource (secret mode)', () => {
  it('interval 1h: no static certificate, exactly one read, first use serves serial 1 without another read', async () => {
    const { clientOptions, reads } = setup('case-1');
    const config = await tlsClientConfig(k8s.kube, newHTTPOptions('region'), clientOptions);

    expect(Object.keys(config).sort()).toEqual(['ca', 'credential', 'minVersion', 'signingKeys']);
    expect(config.credential).toBeInstanceOf(ReloadingCredentialSource);
    expect(reads()).toBe(1);

    const credential = await config.credential!.refresh();
    expect(serialOf(credential)).toBe(serial1.serialNumber);
    expect(credential.fingerprint).toBe(serial1.fingerprint);
    expect(reads()).toBe(1);
  });

  it('rotated to serial 2 and clock +1h01m: next use serves serial 2, total reads 2', async () => {
    const { clock, clientOptions, reads, rotate } = setup('case-2');
    const config = await tlsClientConfig(k8s.kube, newHTTPOptions('region'), clientOptions);
    const source = config.credential!;
    rotate();

    clock.advance(59 * MINUTE);
    expect(source.isDue()).toBe(false);
    expect(serialOf(await source.refresh())).toBe(serial1.serialNumber);
    expect(reads()).toBe(1);

    clock.advance(2 * MINUTE);
    expect(source.isDue()).toBe(true);
    expect(serialOf(await source.refresh())).toBe(serial2.serialNumber);
    expect(serialOf(source.current())).toBe(serial2.serialNumber);
    expect(source.epoch).toBe(1);
    expect(source.isDue()).toBe(false);
    expect(reads()).toBe(2);
  });

  it('secret deleted and clock +1h01m: serves old serial 1 without error, total reads 2; the next use after the back-off retries', async () => {
    const { clock, clientOptions, reads } = setup('case-3');
    const config = await tlsClientConfig(k8s.kube, newHTTPOptions('region'), clientOptions);
    const source = config.credential!;
    k8s.api.deleteSecret(NAMESPACE, 'case-3');

    clock.advance(HOUR + MINUTE);
    expect(serialOf(await source.refresh())).toBe(serial1.serialNumber);
    expect(reads()).toBe(2);
    expect(source.lastError).toBeInstanceOf(ApiException);
    expect(source.epoch).toBe(0);

    // Unlike Go (which retries on the next handshake), the failure backs off: 1 s, then the next use reloads.
    expect(source.isDue()).toBe(false);
    expect(serialOf(await source.refresh())).toBe(serial1.serialNumber);
    expect(reads()).toBe(2);
    clock.advance(1_000);
    expect(source.isDue()).toBe(true);
    k8s.api.putSecret(tlsSecret(NAMESPACE, 'case-3', serial2));
    expect(serialOf(await source.refresh())).toBe(serial2.serialNumber);
    expect(reads()).toBe(3);
    expect(source.lastError).toBeUndefined();
  });

  it('interval 0, secret rotated, clock +24h: still serial 1 and one read', async () => {
    const { clock, clientOptions, reads, rotate } = setup('case-4', 0);
    const config = await tlsClientConfig(k8s.kube, newHTTPOptions('region'), clientOptions);
    const source = config.credential!;
    rotate();
    clock.advance(24 * HOUR);

    expect(source.isDue()).toBe(false);
    expect(serialOf(await source.refresh())).toBe(serial1.serialNumber);
    expect(reads()).toBe(1);
  });

  it('negative interval also never reloads', async () => {
    const { clock, clientOptions, reads, rotate } = setup('case-4-negative', -1000);
    const source = (await tlsClientConfig(k8s.kube, newHTTPOptions('region'), clientOptions)).credential!;
    rotate();
    clock.advance(1000 * HOUR);
    expect(serialOf(await source.refresh())).toBe(serial1.serialNumber);
    expect(reads()).toBe(1);
  });

  it('eight concurrent uses once due with a rotated secret: all get serial 2, exactly one reload', async () => {
    const { clock, clientOptions, reads, rotate } = setup('case-5');
    const source = (await tlsClientConfig(k8s.kube, newHTTPOptions('region'), clientOptions)).credential!;
    rotate();
    clock.advance(HOUR + MINUTE);
    // Slow the reload down so every caller arrives while it is in flight.
    k8s.api.setFault(() => ({ delayMs: 50 }));
    try {
      const credentials = await Promise.all(Array.from({ length: 8 }, () => source.refresh()));
      expect(credentials.map(serialOf)).toEqual(Array(8).fill(serial2.serialNumber));
    } finally {
      k8s.api.setFault(undefined);
    }
    expect(reads()).toBe(2);
    expect(source.epoch).toBe(1);
  });

  it('secret missing at setup: the call rejects with the Kubernetes error after one read', async () => {
    const clientOptions = newHTTPClientOptions({ certificateNamespace: NAMESPACE, certificateName: 'case-6' });
    const attempt = tlsClientConfig(k8s.kube, newHTTPOptions('region'), clientOptions);
    await expect(attempt).rejects.toBeInstanceOf(ApiException);
    await expect(attempt).rejects.toMatchObject({ code: 404 });
    expect(k8s.api.reads(NAMESPACE, 'case-6')).toBe(1);
  });

  it('a failed dispatcher setup is not cached: the next get reads again', async () => {
    const cache = new DispatcherCache();
    const clientOptions = newHTTPClientOptions({ certificateNamespace: NAMESPACE, certificateName: 'case-6-cache' });
    await expect(cache.get(k8s.kube, newHTTPOptions('region'), clientOptions)).rejects.toBeInstanceOf(ApiException);
    await expect(cache.get(k8s.kube, newHTTPOptions('region'), clientOptions)).rejects.toBeInstanceOf(ApiException);
    expect(k8s.api.reads(NAMESPACE, 'case-6-cache')).toBe(2);
    await cache.close();
  });

  it('notifies change listeners with the new epoch, and not when a reload returns the same certificate', async () => {
    const { clock, clientOptions, rotate } = setup('listeners');
    const source = (await tlsClientConfig(k8s.kube, newHTTPOptions('region'), clientOptions)).credential!;
    const seen: Array<[string, number]> = [];
    const unsubscribe = source.onChange((credential, epoch) => seen.push([serialOf(credential), epoch]));

    clock.advance(HOUR);
    await source.refresh();
    expect(seen).toEqual([]);
    expect(source.epoch).toBe(0);

    rotate();
    clock.advance(HOUR);
    await source.refresh();
    expect(seen).toEqual([[serial2.serialNumber, 1]]);

    unsubscribe();
    await source.refresh({ force: true });
    expect(seen).toHaveLength(1);
  });

  it('create propagates the first load error', async () => {
    const failure = new Error('first load failed');
    await expect(ReloadingCredentialSource.create(() => Promise.reject(failure), { intervalMs: 1000 })).rejects.toBe(
      failure,
    );
  });
});

describe('ReloadingCredentialSource through the dispatcher against an mTLS server', () => {
  it('interval 1h: the server sees serial 1 and the secret was read once', async () => {
    const { clientOptions, reads } = setup('dispatch-1');
    const dispatcher = new CredentialDispatcher(await tlsClientConfig(k8s.kube, regionOptions(), clientOptions));
    dispatchers.push(dispatcher);

    expect(await serialSeenByServer(dispatcher, '/case-1/a')).toBe(serial1.serialNumber);
    expect(await serialSeenByServer(dispatcher, '/case-1/b')).toBe(serial1.serialNumber);
    expect(reads()).toBe(1);
    expect(dispatcher.epoch).toBe(0);
    expect(dispatcher.agentsCreated).toBe(1);
  });

  it('eight concurrent requests once due with a rotated secret: all present serial 2, one reload', async () => {
    const { clock, clientOptions, reads, rotate } = setup('dispatch-5');
    const dispatcher = new CredentialDispatcher(await tlsClientConfig(k8s.kube, regionOptions(), clientOptions));
    dispatchers.push(dispatcher);
    expect(await serialSeenByServer(dispatcher, '/case-5/before')).toBe(serial1.serialNumber);

    rotate();
    clock.advance(HOUR + MINUTE);
    k8s.api.setFault(() => ({ delayMs: 30 }));
    let serials: Array<string | undefined>;
    try {
      serials = await Promise.all(
        Array.from({ length: 8 }, (_, index) => serialSeenByServer(dispatcher, `/case-5/after-${index}`)),
      );
    } finally {
      k8s.api.setFault(undefined);
    }
    expect(serials).toEqual(Array(8).fill(serial2.serialNumber));
    expect(reads()).toBe(2);
    expect(dispatcher.epoch).toBe(1);
    expect(dispatcher.agentsCreated).toBe(2);
  });
});
