import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CertificateAuthority, FaultServer, type IssuedCertificate, MTLSServer, waitFor } from '@unikorn-cloud/testkit';
import { errors } from 'undici';
import { ReloadingCredentialSource } from '../src/credentials/credentialSource';
import { parseClientCredential } from '../src/credentials/secret/secrets';
import { DispatcherCloseTimeoutError } from '../src/errors/closeTimeoutError';
import { CredentialDispatcher, DispatcherCache } from '../src/http/dispatcher';
import { newHTTPClientOptions, newHTTPOptions } from '../src/options/options';
import { HOUR, ManualClock, startKubernetes } from './fixtures';
import { runChild } from './support/childProcess';

let ca: CertificateAuthority;
let client: IssuedCertificate;
let stalling: FaultServer;

beforeAll(async () => {
  ca = await CertificateAuthority.create({ commonName: 'lifecycle-ca' });
  client = await ca.issueClient('lifecycle');
  // Answers /ok at once and never answers anything else.
  stalling = await FaultServer.start(ca, (request, response) => {
    if (request.url === '/ok') response.end('ok');
  });
});

afterAll(async () => {
  await stalling.close();
});

/** A dispatcher whose credential the test rotates by calling `rotate()` (then the next request swaps the Agent). */
async function rotatingDispatcher(closeTimeoutMs?: number) {
  const clock = new ManualClock(Date.now());
  let current = client;
  const source = await ReloadingCredentialSource.create(
    async () => ({ ...parseClientCredential(current.certificatePem, current.privateKeyPem), ca: [ca.certificatePem] }),
    { intervalMs: HOUR, now: clock.now },
  );
  const dispatcher = new CredentialDispatcher(
    { minVersion: 'TLSv1.3', ca: [ca.certificatePem], credential: source },
    closeTimeoutMs === undefined ? {} : { closeTimeoutMs },
  );
  const rotate = async () => {
    current = await ca.issueClient('lifecycle');
    clock.advance(HOUR + 1);
  };
  return { dispatcher, rotate };
}

/** Starts a request to `path` and returns how it ended (never rejects). */
function outcome(dispatcher: CredentialDispatcher, path: string): Promise<unknown> {
  return dispatcher.request({ origin: stalling.url, path, method: 'GET' }).then(
    async (response) => `answered ${response.statusCode} ${await response.body.text()}`,
    (error: unknown) => error,
  );
}

describe('close() takes a deadline and settles by it; destroy() works after close()', () => {
  it('close({ timeoutMs }) with a stalled request settles, aborting it with DispatcherCloseTimeoutError', async () => {
    const { dispatcher } = await rotatingDispatcher();
    const stalled = outcome(dispatcher, '/stall-close');
    await waitFor(() => stalling.count('/stall-close') === 1, 20_000, 'the stalled request to arrive');
    await dispatcher.close({ timeoutMs: 200 });
    const error = await stalled;
    expect(error).toBeInstanceOf(DispatcherCloseTimeoutError);
    expect(error).toMatchObject({ code: 'ERR_DISPATCHER_CLOSE_TIMEOUT', timeoutMs: 200 });
    expect(dispatcher.closed).toBe(true);
    expect(dispatcher.agentCount).toBe(0);
    await waitFor(() => stalling.openSockets === 0, 20_000, 'the aborted socket to close');
    // New requests are refused after close.
    expect(await outcome(dispatcher, '/ok')).toBeInstanceOf(errors.ClientClosedError);
  });

  it('the default close deadline comes from closeTimeoutMs', async () => {
    const { dispatcher } = await rotatingDispatcher(150);
    const stalled = outcome(dispatcher, '/stall-default');
    await waitFor(() => stalling.count('/stall-default') === 1, 20_000, 'the stalled request to arrive');
    await dispatcher.close();
    expect(await stalled).toBeInstanceOf(DispatcherCloseTimeoutError);
  });

  it('destroy() after close() aborts the stalled request and close() settles', async () => {
    const { dispatcher } = await rotatingDispatcher(60_000);
    const stalled = outcome(dispatcher, '/stall-destroy');
    await waitFor(() => stalling.count('/stall-destroy') === 1, 20_000, 'the stalled request to arrive');
    const closing = dispatcher.close();
    const reason = new Error('shutting down now');
    await dispatcher.destroy(reason);
    expect(await stalled).toBe(reason);
    await closing;
    await waitFor(() => stalling.openSockets === 0, 20_000, 'the destroyed socket to close');
  });

  it('an Agent retired by a rotation closes by the same deadline, aborting what still runs on it', async () => {
    const { dispatcher, rotate } = await rotatingDispatcher(200);
    const stalled = outcome(dispatcher, '/stall-retired');
    await waitFor(() => stalling.count('/stall-retired') === 1, 20_000, 'the stalled request to arrive');
    await rotate();
    expect(await outcome(dispatcher, '/ok')).toBe('answered 200 ok');
    expect(dispatcher.epoch).toBe(1);
    await dispatcher.retiredAgentsClosed();
    expect(await stalled).toBeInstanceOf(DispatcherCloseTimeoutError);
    expect(dispatcher.agentCount).toBe(1);
    await dispatcher.close();
  });

  it('a process with a stalled request exits after close()', async () => {
    const result = await runChild('stalledClose.mjs', {
      url: stalling.url,
      caPem: ca.certificatePem,
      certificatePem: client.certificatePem,
      privateKeyPem: client.privateKeyPem,
    });
    expect(result).toEqual({ closed: true, request: 'ERR_DISPATCHER_CLOSE_TIMEOUT' });
  }, 90_000);
});

describe('closing a dispatcher handed out by the cache does not poison the cache', () => {
  it('a closed cached dispatcher is evicted: the next get() builds a fresh one that works', async () => {
    const k8s = await startKubernetes();
    const server = await MTLSServer.start({ ca, certificate: await ca.issueServer() });
    try {
      const { tlsSecret } = await import('@unikorn-cloud/testkit');
      k8s.api.putSecret(tlsSecret('ns', 'ca', { certificatePem: ca.certificatePem }));
      k8s.api.putSecret(tlsSecret('ns', 'client', client));
      const cache = new DispatcherCache();
      const options = newHTTPOptions('region', { caSecretNamespace: 'ns', caSecretName: 'ca' });
      const clientOptions = newHTTPClientOptions({ certificateNamespace: 'ns', certificateName: 'client' });
      const first = await cache.get(k8s.kube, options, clientOptions);
      expect(await cache.get(k8s.kube, options, clientOptions)).toBe(first);
      await first.close();
      const second = await cache.get(k8s.kube, options, clientOptions);
      expect(second).not.toBe(first);
      const response = await second.request({ origin: server.url, path: '/after-close', method: 'GET' });
      await response.body.dump();
      expect(response.statusCode).toBe(200);
      await second.destroy();
      const third = await cache.get(k8s.kube, options, clientOptions);
      expect(third).not.toBe(second);
      await cache.close();
    } finally {
      await Promise.all([server.close(), k8s.api.close()]);
    }
  });
});
