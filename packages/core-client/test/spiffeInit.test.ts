import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KubeConfig } from '@kubernetes/client-node';
import { FakeWorkloadAPI } from '@unikorn-cloud/testkit';
import { ReloadingCredentialSource } from '../src/credentials/credentialSource';
import { loadClientCredential } from '../src/credentials/sources';
import { initSPIFFE, SPIFFE_ENDPOINT_SOCKET_ENV, SpiffeCredentialSource } from '../src/credentials/spiffe';
import { ClientCredentialError } from '../src/errors/errors';
import { httpDispatcher } from '../src/http/dispatcher';
import { encodeAndSign } from '../src/jws/jws';
import { newHTTPClientOptions, newHTTPOptions } from '../src/options/options';
import { tlsClientConfig } from '../src/tls/tlsClientConfig';
import { CLIENT_ID, SERVER_ID, startSpiffeClient } from './spiffeFixtures';

const NOT_INITIALISED = 'client credential: SPIFFE sources not initialised; call InitSPIFFE before building clients';
const CONFLICT =
  'client credential: --client-certificate-source=spiffe conflicts with --client-certificate-name/--client-certificate-namespace; set one or the other';

let agent: FakeWorkloadAPI;
// Never contacted: SPIFFE mode must not read the CA Secret, and the failures below come before any call.
const kube = new KubeConfig();
kube.loadFromOptions({
  clusters: [{ name: 'none', server: 'https://127.0.0.1:1', skipTLSVerify: true }],
  users: [{ name: 'none' }],
  contexts: [{ name: 'none', cluster: 'none', user: 'none' }],
  currentContext: 'none',
});
const options = newHTTPOptions('region', { host: 'https://127.0.0.1:1', caSecretName: 'region-ca' });

beforeAll(async () => {
  agent = await FakeWorkloadAPI.start({ spiffeId: CLIENT_ID });
});

afterAll(async () => {
  await agent.close();
});

/** The error `attempt` fails with. */
async function failure(attempt: () => Promise<unknown>): Promise<Error> {
  const error = await attempt().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ClientCredentialError);
  return error as Error;
}

describe('initSPIFFE option checks', () => {
  it.each(['secret', ''])('source %j gives a no-op closer and never contacts the Workload API', async (source) => {
    const clientOptions = newHTTPClientOptions({ source });
    const closer = await initSPIFFE(clientOptions, { endpointSocket: agent.address });
    await expect(closer.close()).resolves.toBeUndefined();
    expect(agent.streamsAccepted).toBe(0);
    const config = await tlsClientConfig(kube, newHTTPOptions('region'), clientOptions);
    expect(config.credential).toBeUndefined();
    expect(config.checkServerIdentity).toBeUndefined();
  });

  it('an unknown source is rejected with Go %q quoting', async () => {
    const error = await failure(() =>
      initSPIFFE(newHTTPClientOptions({ source: 'bogus' }), { endpointSocket: agent.address }),
    );
    expect(error.message).toBe('client credential: unknown --client-certificate-source "bogus"');
  });

  it.each([{ certificateName: 'client-tls' }, { certificateNamespace: 'unikorn' }])(
    'spiffe with a client-certificate Secret (%j) conflicts',
    async (secret) => {
      const clientOptions = newHTTPClientOptions({ source: 'spiffe', spiffeServerId: SERVER_ID, ...secret });
      const error = await failure(() => initSPIFFE(clientOptions, { endpointSocket: agent.address }));
      expect(error.message).toBe(CONFLICT);
      expect((await failure(() => encodeAndSign(kube, clientOptions, {}))).message).toBe(CONFLICT);
    },
  );

  it('spiffe without --spiffe-server-id is rejected before connecting', async () => {
    const error = await failure(() =>
      initSPIFFE(newHTTPClientOptions({ source: 'spiffe' }), { endpointSocket: agent.address }),
    );
    expect(error.message).toBe('client credential: --spiffe-server-id is required in spiffe mode');
    expect(agent.streamsAccepted).toBe(0);
  });

  it.each([
    ['region-server', 'scheme is missing or invalid'],
    [
      'spiffe://Example.org/sa/x',
      'trust domain characters are limited to lowercase letters, numbers, dots, dashes, and underscores',
    ],
    ['spiffe:///ns/x', 'trust domain is missing'],
    ['spiffe://example.org/ns/x/', 'path cannot have a trailing slash'],
    ['spiffe://example.org/ns//x', 'path cannot contain empty segments'],
    ['spiffe://example.org/ns/../x', 'path cannot contain dot segments'],
    [
      'spiffe://example.org/ns/x y',
      'path segment characters are limited to letters, numbers, dots, dashes, and underscores',
    ],
  ])('an invalid server ID %j is rejected: parsing --spiffe-server-id: %s', async (spiffeServerId, reason) => {
    const clientOptions = newHTTPClientOptions({ source: 'spiffe', spiffeServerId });
    const error = await failure(() => initSPIFFE(clientOptions, { endpointSocket: agent.address }));
    expect(error.message).toBe(`client credential: parsing --spiffe-server-id: ${reason}`);
    expect(agent.streamsAccepted).toBe(0);
  });
});

describe('connecting to the Workload API', () => {
  const spiffeOptions = () => newHTTPClientOptions({ source: 'spiffe', spiffeServerId: SERVER_ID });

  it('without SPIFFE_ENDPOINT_SOCKET and no explicit address', async () => {
    const saved = process.env[SPIFFE_ENDPOINT_SOCKET_ENV];
    delete process.env[SPIFFE_ENDPOINT_SOCKET_ENV];
    try {
      const error = await failure(() => initSPIFFE(spiffeOptions()));
      expect(error.message).toBe(
        'client credential: connecting to the Workload API: workload endpoint socket address is not configured',
      );
    } finally {
      if (saved !== undefined) process.env[SPIFFE_ENDPOINT_SOCKET_ENV] = saved;
    }
  });

  it.each([
    ['http://127.0.0.1:8081', 'workload endpoint socket URI must have a tcp:// or unix:// scheme'],
    ['unix:agent.sock', 'workload endpoint unix socket URI must not be opaque'],
    ['unix:///run/agent.sock?x=1', 'workload endpoint unix socket URI must not include query values'],
    ['tcp://localhost:8081', 'workload endpoint tcp socket URI host component must be an IP:port'],
    ['tcp://127.0.0.1', 'workload endpoint tcp socket URI host component must include a port'],
  ])('a bad address %j is refused: %s', async (endpointSocket, reason) => {
    const error = await failure(() => initSPIFFE(spiffeOptions(), { endpointSocket }));
    expect(error.message).toBe(`client credential: connecting to the Workload API: ${reason}`);
  });

  it('an address nobody listens on times out, naming the last stream error', async () => {
    const started = Date.now();
    const error = await failure(() =>
      initSPIFFE(spiffeOptions(), {
        endpointSocket: 'unix:///nonexistent/fake-workload-api.sock',
        timeoutMs: 300,
        backoff: { initialMs: 50 },
      }),
    );
    expect(error.message).toMatch(
      /^client credential: connecting to the Workload API: timed out after 300 ms waiting for the first X\.509-SVID response: 14 UNAVAILABLE/,
    );
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('the address comes from SPIFFE_ENDPOINT_SOCKET (unix:/path form)', async () => {
    const saved = process.env[SPIFFE_ENDPOINT_SOCKET_ENV];
    process.env[SPIFFE_ENDPOINT_SOCKET_ENV] = `unix:${agent.socketPath}`;
    const clientOptions = spiffeOptions();
    try {
      const closer = await initSPIFFE(clientOptions, { timeoutMs: 5_000 });
      const credential = await loadClientCredential(kube, clientOptions);
      expect(credential?.fingerprint).toBe(agent.svid.fingerprint);
      await closer.close();
    } finally {
      if (saved === undefined) delete process.env[SPIFFE_ENDPOINT_SOCKET_ENV];
      else process.env[SPIFFE_ENDPOINT_SOCKET_ENV] = saved;
    }
  });
});

describe('spiffe source without initSPIFFE', () => {
  const clientOptions = () => newHTTPClientOptions({ source: 'spiffe', spiffeServerId: SERVER_ID });

  it('signing fails with "SPIFFE sources not initialised"', async () => {
    expect((await failure(() => encodeAndSign(kube, clientOptions(), { actor: 'a' }))).message).toBe(NOT_INITIALISED);
    expect((await failure(() => loadClientCredential(kube, clientOptions()))).message).toBe(NOT_INITIALISED);
  });

  it('TLS configuration and the dispatcher fail with "SPIFFE sources not initialised"', async () => {
    const fromTLS = await failure(() => tlsClientConfig(kube, options, clientOptions()));
    expect(fromTLS.message).toContain('client credential: SPIFFE sources not initialised');
    expect(fromTLS.message).toBe(NOT_INITIALISED);
    expect((await failure(() => httpDispatcher(kube, options, clientOptions()))).message).toBe(NOT_INITIALISED);
  });

  it('initialising other options with the same values does not initialise these', async () => {
    const { agent: other, closer } = await startSpiffeClient();
    try {
      expect((await failure(() => tlsClientConfig(kube, options, clientOptions()))).message).toBe(NOT_INITIALISED);
    } finally {
      await closer.close();
      await other.close();
    }
  });
});

describe('credential source selection', () => {
  it('spiffe with sources gives the SPIFFE source; secret mode keeps the reloading Secret source', async () => {
    const { agent: spiffeAgent, clientOptions, closer } = await startSpiffeClient();
    try {
      const spiffeConfig = await tlsClientConfig(kube, options, clientOptions);
      expect(spiffeConfig.credential).toBeInstanceOf(SpiffeCredentialSource);
      expect(spiffeConfig.credential).not.toBeInstanceOf(ReloadingCredentialSource);
      expect(spiffeConfig.credential?.isDue()).toBe(false);
      expect(spiffeConfig.credential?.current().fingerprint).toBe(spiffeAgent.svid.fingerprint);
    } finally {
      await closer.close();
      await spiffeAgent.close();
    }
  });

  it('after close, signing fails with "fetching SVID: x509source: source is closed"', async () => {
    const { agent: spiffeAgent, clientOptions, closer } = await startSpiffeClient();
    await closer.close();
    await spiffeAgent.close();
    const error = await failure(() => encodeAndSign(kube, clientOptions, { actor: 'a' }));
    expect(error.message).toBe('client credential: fetching SVID: x509source: source is closed');
  });
});
