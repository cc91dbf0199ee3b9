import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CertificateAuthority, type IssuedCertificate, MTLSServer, tlsSecret } from '@unikorn-cloud/testkit';
import { request } from 'undici';
import { DEFAULT_RELOAD_BACKOFF } from '../src/credentials/credentialSource';
import { CredentialDispatcher } from '../src/http/dispatcher';
import { newHTTPClientOptions, newHTTPOptions } from '../src/options/options';
import { tlsClientConfig } from '../src/tls/tlsClientConfig';
import { HOUR, type KubernetesFixture, ManualClock, startKubernetes } from './fixtures';

const NS = 'unikorn-region';
const SLOW_MS = 300;

let ca: CertificateAuthority;
let first: IssuedCertificate;
let second: IssuedCertificate;
let k8s: KubernetesFixture;
let server: MTLSServer;
const dispatchers: CredentialDispatcher[] = [];

beforeAll(async () => {
  ca = await CertificateAuthority.create({ commonName: 'rotation-ca' });
  [first, second] = await Promise.all([
    ca.issueClient('region-client', { serialNumber: '1001' }),
    ca.issueClient('region-client', { serialNumber: '1002' }),
  ]);
  k8s = await startKubernetes();
  k8s.api.putSecret(tlsSecret(NS, 'region-ca', { certificatePem: ca.certificatePem }));
  server = await MTLSServer.start({
    ca,
    certificate: await ca.issueServer(),
    handler: async (recorded) => {
      if (recorded.rawPath.startsWith('/slow')) {
        await new Promise((resolve) => setTimeout(resolve, SLOW_MS));
      }
      return { status: 200, body: { ok: true } };
    },
  });
});

afterAll(async () => {
  await Promise.all(dispatchers.map((dispatcher) => dispatcher.close()));
  await Promise.all([server.close(), k8s.api.close()]);
});

async function rotatingDispatcher(secretName: string) {
  k8s.api.putSecret(tlsSecret(NS, secretName, first));
  const clock = new ManualClock();
  const clientOptions = newHTTPClientOptions({
    certificateNamespace: NS,
    certificateName: secretName,
    reloadIntervalMs: HOUR,
  }).setNow(clock.now);
  const options = newHTTPOptions('region', { caSecretNamespace: NS, caSecretName: 'region-ca' });
  const dispatcher = new CredentialDispatcher(await tlsClientConfig(k8s.kube, options, clientOptions));
  dispatchers.push(dispatcher);
  return { clock, dispatcher };
}

/** Runs `workers` request loops (at most `limit` requests each) until `stop()` returns true. */
async function runLoad(
  dispatcher: CredentialDispatcher,
  prefix: string,
  stop: () => boolean,
  workers = 4,
  limit = 250,
  onDispatch: (path: string) => void = () => {},
) {
  const failures: unknown[] = [];
  let completed = 0;
  const worker = async (id: number) => {
    for (let n = 0; n < limit && !stop(); n++) {
      const path = `/${prefix}/${id}/${n}`;
      onDispatch(path);
      try {
        const response = await request(`${server.url}${path}`, { dispatcher });
        await response.body.text();
        if (response.statusCode !== 200) failures.push(response.statusCode);
        completed++;
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, id) => worker(id)));
  return { failures, completed };
}

const seenUnder = (prefix: string) =>
  server.requests
    .filter((recorded) => recorded.rawPath.startsWith(`/${prefix}/`))
    .map((recorded) => recorded.clientCertificate?.serialNumber);

const waitFor = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe('client certificate rotation under load', () => {
  it('rotates to the new certificate with zero failed requests while an in-flight request finishes on the old agent', async () => {
    const { clock, dispatcher } = await rotatingDispatcher('rotation-client');
    let rotated = false;
    const dispatchedAfterRotation = new Set<string>();
    const countWithSecond = () => seenUnder('loop').filter((serial) => serial === second.serialNumber).length;
    const load = runLoad(
      dispatcher,
      'loop',
      () => countWithSecond() >= 40,
      4,
      250,
      (path) => {
        if (rotated) dispatchedAfterRotation.add(path);
      },
    );

    await waitFor(() => seenUnder('loop').length >= 20);
    const slow = request(`${server.url}/slow`, { dispatcher }).then(async (response) => {
      await response.body.text();
      return { status: response.statusCode, finishedAt: performance.now() };
    });
    await waitFor(() => server.requests.some((recorded) => recorded.rawPath === '/slow'));

    k8s.api.putSecret(tlsSecret(NS, 'rotation-client', second));
    clock.advance(HOUR + 1);
    rotated = true;

    const { failures, completed } = await load;
    const slowResult = await slow;
    await dispatcher.retiredAgentsClosed();
    const retiredClosedAt = performance.now();

    expect(failures).toEqual([]);
    expect(completed).toBeGreaterThan(40);
    // Requests dispatched before the interval passed used the old certificate, every later one the new.
    const loop = server.requests.filter((recorded) => recorded.rawPath.startsWith('/loop/'));
    expect(loop.length).toBe(completed);
    for (const recorded of loop) {
      const expected = dispatchedAfterRotation.has(recorded.rawPath) ? second : first;
      expect([recorded.rawPath, recorded.clientCertificate?.serialNumber]).toEqual([
        recorded.rawPath,
        expected.serialNumber,
      ]);
    }
    expect(loop.filter((recorded) => !dispatchedAfterRotation.has(recorded.rawPath)).length).toBeGreaterThanOrEqual(20);

    expect(slowResult.status).toBe(200);
    expect(server.requests.find((recorded) => recorded.rawPath === '/slow')?.clientCertificate?.serialNumber).toBe(
      first.serialNumber,
    );
    expect(slowResult.finishedAt).toBeLessThanOrEqual(retiredClosedAt);

    expect(dispatcher.epoch).toBe(1);
    expect(dispatcher.agentsCreated).toBe(2);
    expect(dispatcher.agentCount).toBe(1);
    expect(k8s.api.reads(NS, 'rotation-client')).toBe(2);
  });

  it('a failed reload under load keeps serving the old certificate with zero failed requests', async () => {
    const { clock, dispatcher } = await rotatingDispatcher('rotation-failing');
    k8s.api.setFault((recorded) => (recorded.path.endsWith('/secrets/rotation-failing') ? { status: 503 } : undefined));
    let failingReads = 0;
    try {
      clock.advance(HOUR + 1);
      const { failures } = await runLoad(dispatcher, 'failing', () => seenUnder('failing').length >= 30, 3, 20);
      failingReads = k8s.api.reads(NS, 'rotation-failing');
      expect(failures).toEqual([]);
      expect(seenUnder('failing').every((serial) => serial === first.serialNumber)).toBe(true);
      // Failed reloads back off instead of being retried by every request.
      expect(dispatcher.config.credential?.isDue()).toBe(false);
    } finally {
      k8s.api.setFault(undefined);
    }
    expect(failingReads).toBe(2);
    clock.advance(DEFAULT_RELOAD_BACKOFF.maxMs);

    k8s.api.putSecret(tlsSecret(NS, 'rotation-failing', second));
    const response = await request(`${server.url}/failing/recovered`, { dispatcher });
    await response.body.text();
    expect(server.requests.at(-1)?.clientCertificate?.serialNumber).toBe(second.serialNumber);
    expect(dispatcher.epoch).toBe(1);
  });
});
