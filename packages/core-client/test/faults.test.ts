import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApiException, KubeConfig } from '@kubernetes/client-node';
import {
  CertificateAuthority,
  FakeKubernetesAPI,
  type IssuedCertificate,
  MTLSServer,
  tlsSecret,
} from '@unikorn-cloud/testkit';
import { request } from 'undici';
import { DEFAULT_RELOAD_BACKOFF } from '../src/credentials/credentialSource';
import { type CredentialDispatcher, DispatcherCache, httpDispatcher } from '../src/http/dispatcher';
import { newHTTPClientOptions, newHTTPOptions } from '../src/options/options';
import { HOUR, ManualClock } from './fixtures';

const NS = 'unikorn-faults';
const CA_SECRET = 'region-ca';

/**
 * A TCP relay in front of the fake API server, so the Kubernetes API can go "down" (closed port, open connections
 * dropped) and come back on the same port.
 */
class KubernetesRelay {
  readonly #connections = new Set<Socket>();
  #server: Server | undefined;
  port = 0;

  constructor(private readonly target: number) {}

  async up(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target, '127.0.0.1');
      for (const socket of [client, upstream]) {
        this.#connections.add(socket);
        socket.once('close', () => this.#connections.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.#server = server;
  }

  /** Closes the listening port and drops every relayed connection. */
  async down(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.#connections) socket.destroy();
    await closed;
  }
}

let ca: CertificateAuthority;
let api: FakeKubernetesAPI;
let relay: KubernetesRelay;
let kube: KubeConfig;
let server: MTLSServer;
const serials: string[] = [];
const caches: DispatcherCache[] = [];

beforeAll(async () => {
  ca = await CertificateAuthority.create({ commonName: 'faults-ca' });
  api = await FakeKubernetesAPI.start();
  relay = new KubernetesRelay(Number(new URL(api.url).port));
  await relay.up();
  // The ordinary kubeconfig, pointed at the relay (the server certificate is checked against tls-server-name).
  const options = api.kubeconfigOptions();
  kube = new KubeConfig();
  kube.loadFromOptions({
    ...options,
    clusters: options.clusters.map((cluster) => ({ ...cluster, server: `https://127.0.0.1:${relay.port}` })),
  });
  api.putSecret(tlsSecret(NS, CA_SECRET, { certificatePem: ca.certificatePem }));
  server = await MTLSServer.start({
    ca,
    certificate: await ca.issueServer(),
    minVersion: 'TLSv1.3',
    handler: (recorded) => {
      serials.push(recorded.clientCertificate?.serialNumber ?? 'none');
      return { status: 200, body: { ok: true } };
    },
  });
});

afterAll(async () => {
  await Promise.all(caches.map((cache) => cache.close()));
  await relay.down();
  await Promise.all([server.close(), api.close()]);
});

function newCache(): DispatcherCache {
  const cache = new DispatcherCache();
  caches.push(cache);
  return cache;
}

const serviceOptions = () => newHTTPOptions('region', { caSecretNamespace: NS, caSecretName: CA_SECRET });

async function clientSecret(name: string, serialNumber: string): Promise<IssuedCertificate> {
  const issued = await ca.issueClient(name, { serialNumber });
  api.putSecret(tlsSecret(NS, name, issued));
  return issued;
}

/** GETs the mTLS server and returns the client certificate serial the server saw. */
async function serialSeen(dispatcher: CredentialDispatcher): Promise<string> {
  const before = serials.length;
  const response = await request(`${server.url}/ping`, { dispatcher });
  await response.body.text();
  expect(response.statusCode).toBe(200);
  return serials[before];
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => new Error('expected a rejection'),
    (error: unknown) => error as Error,
  );
  expect(outcome).toBeInstanceOf(Error);
  return outcome;
}

describe('Kubernetes API faults during setup', () => {
  it('a 500 for the CA Secret rejects with the Kubernetes error naming that Secret; the failure is not cached', async () => {
    await clientSecret('setup-500', '5001');
    const clientOptions = newHTTPClientOptions({ certificateNamespace: NS, certificateName: 'setup-500' });
    const cache = newCache();
    api.setFault((recorded) => (recorded.path.includes(`/secrets/${CA_SECRET}`) ? { status: 500 } : undefined));
    try {
      const error = await failureOf(httpDispatcher(kube, serviceOptions(), clientOptions, cache));
      expect(error).toBeInstanceOf(ApiException);
      expect((error as ApiException<unknown>).code).toBe(500);
      expect(error.message).toMatch(new RegExp(`^reading Secret ${NS}/${CA_SECRET}: HTTP-Code: 500`));
    } finally {
      api.setFault(undefined);
    }
    const dispatcher = await httpDispatcher(kube, serviceOptions(), clientOptions, cache);
    expect(await serialSeen(dispatcher)).toBe('5001');
  });

  it('a 503 for the client certificate Secret names the client Secret', async () => {
    await clientSecret('setup-503', '5003');
    const clientOptions = newHTTPClientOptions({ certificateNamespace: NS, certificateName: 'setup-503' });
    api.setFault((recorded) => (recorded.path.endsWith('/secrets/setup-503') ? { status: 503 } : undefined));
    try {
      const error = await failureOf(httpDispatcher(kube, serviceOptions(), clientOptions, newCache()));
      expect((error as ApiException<unknown>).code).toBe(503);
      expect(error.message).toMatch(new RegExp(`^reading Secret ${NS}/setup-503: HTTP-Code: 503`));
      expect(error.message).not.toContain('PRIVATE KEY');
    } finally {
      api.setFault(undefined);
    }
  });

  it('a closed port rejects with the network error, naming the Secret and the refused connection', async () => {
    await clientSecret('setup-down', '5005');
    const clientOptions = newHTTPClientOptions({ certificateNamespace: NS, certificateName: 'setup-down' });
    await relay.down();
    try {
      const error = await failureOf(httpDispatcher(kube, serviceOptions(), clientOptions, newCache()));
      expect(error.message).toMatch(new RegExp(`^reading Secret ${NS}/${CA_SECRET}: .*ECONNREFUSED`));
    } finally {
      await relay.up();
    }
  });

  it('a dropped connection (reset) rejects naming the Secret', async () => {
    await clientSecret('setup-reset', '5006');
    const clientOptions = newHTTPClientOptions({ certificateNamespace: NS, certificateName: 'setup-reset' });
    api.setFault(() => 'reset');
    try {
      const error = await failureOf(httpDispatcher(kube, serviceOptions(), clientOptions, newCache()));
      expect(error.message).toMatch(new RegExp(`^reading Secret ${NS}/${CA_SECRET}: `));
    } finally {
      api.setFault(undefined);
    }
  });

  it('a slow API only delays setup: concurrent callers share one dispatcher and one read of each Secret', async () => {
    await clientSecret('setup-slow', '5007');
    const clientOptions = newHTTPClientOptions({ certificateNamespace: NS, certificateName: 'setup-slow' });
    const cache = newCache();
    const caReads = api.reads(NS, CA_SECRET);
    api.setFault(() => ({ delayMs: 150 }));
    try {
      const dispatchers = await Promise.all(
        Array.from({ length: 8 }, () => httpDispatcher(kube, serviceOptions(), clientOptions, cache)),
      );
      expect(new Set(dispatchers).size).toBe(1);
      expect(api.reads(NS, 'setup-slow')).toBe(1);
      expect(api.reads(NS, CA_SECRET) - caReads).toBe(1);
      expect(await serialSeen(dispatchers[0])).toBe('5007');
    } finally {
      api.setFault(undefined);
    }
  });
});

/** A dispatcher whose client Secret has been rotated and whose reload is due. */
async function dueForReload(name: string, firstSerial: string, secondSerial: string) {
  await clientSecret(name, firstSerial);
  const clock = new ManualClock();
  const clientOptions = newHTTPClientOptions({
    certificateNamespace: NS,
    certificateName: name,
    reloadIntervalMs: HOUR,
  }).setNow(clock.now);
  const dispatcher = await httpDispatcher(kube, serviceOptions(), clientOptions, newCache());
  expect(await serialSeen(dispatcher)).toBe(firstSerial.toLowerCase());
  await clientSecret(name, secondSerial);
  clock.advance(HOUR + 1);
  return { dispatcher, clock };
}

/** While `fault` is active, requests succeed with the old certificate; afterwards the next request uses the new one. */
async function expectLastGoodCertificateKept(
  name: string,
  [oldSerial, newSerial]: [string, string],
  fault: { start: () => Promise<void> | void; stop: () => Promise<void> | void },
) {
  const { dispatcher, clock } = await dueForReload(name, oldSerial, newSerial);
  await fault.start();
  try {
    const during = await Promise.all(Array.from({ length: 6 }, () => serialSeen(dispatcher)));
    expect(new Set(during)).toEqual(new Set([oldSerial.toLowerCase()]));
    expect(await serialSeen(dispatcher)).toBe(oldSerial.toLowerCase());
    const lastError = dispatcher.config.credential?.lastError as Error | undefined;
    expect(lastError?.message).toMatch(/^reading Secret unikorn-faults\//);
    // The failure backs off: no further Kubernetes read until the back-off elapsed.
    expect(dispatcher.config.credential?.isDue()).toBe(false);
  } finally {
    await fault.stop();
  }
  // Once the back-off elapsed, the next request reloads and presents the new certificate.
  clock.advance(DEFAULT_RELOAD_BACKOFF.maxMs);
  expect(await serialSeen(dispatcher)).toBe(newSerial.toLowerCase());
  expect(dispatcher.config.credential?.lastError).toBeUndefined();
  expect(dispatcher.config.credential?.isDue()).toBe(false);
}

describe('Kubernetes API faults during reload: the last good certificate is kept', () => {
  it('API answering 500', async () => {
    await expectLastGoodCertificateKept('reload-500', ['6001', '6002'], {
      start: () => api.setFault((recorded) => (recorded.method === 'GET' ? { status: 500 } : undefined)),
      stop: () => api.setFault(undefined),
    });
  });

  it('API down (closed port)', async () => {
    await expectLastGoodCertificateKept('reload-down', ['6003', '6004'], {
      start: () => relay.down(),
      stop: () => relay.up(),
    });
  });

  it('API resetting connections', async () => {
    await expectLastGoodCertificateKept('reload-reset', ['6005', '6006'], {
      start: () => api.setFault(() => 'reset'),
      stop: () => api.setFault(undefined),
    });
  });

  it('a slow API delays the due requests, which share one reload and then present the new certificate', async () => {
    const { dispatcher } = await dueForReload('reload-slow', '6007', '6008');
    const reads = api.reads(NS, 'reload-slow');
    api.setFault(() => ({ delayMs: 150 }));
    try {
      const during = await Promise.all(Array.from({ length: 6 }, () => serialSeen(dispatcher)));
      expect(new Set(during)).toEqual(new Set(['6008']));
      expect(api.reads(NS, 'reload-slow') - reads).toBe(1);
    } finally {
      api.setFault(undefined);
    }
  });
});
