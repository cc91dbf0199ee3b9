import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CertificateAuthority, type IssuedCertificate, issueSVID, MTLSServer } from '@unikorn-cloud/testkit';
import { request } from 'undici';
import { loadClientCredential } from '../src/credentials/sources';
import { uriSANs } from '../src/credentials/spiffe';
import { type CredentialDispatcher, DispatcherCache } from '../src/http/dispatcher';
import { encodeAndSign, verifyAndDecode } from '../src/jws/jws';
import { newHTTPOptions } from '../src/options/options';
import { connectOptions, tlsClientConfig } from '../src/tls/tlsClientConfig';
import { type KubernetesFixture, startKubernetes } from './fixtures';
import {
  CLIENT_ID,
  heldFingerprint,
  IMPOSTOR_ID,
  SERVER_ID,
  type SpiffeClient,
  startSpiffeClient,
  waitFor,
} from './spiffeFixtures';

let bundleCa: CertificateAuthority;
let foreignCa: CertificateAuthority;
let k8s: KubernetesFixture;
let regionServer: MTLSServer;
let impostorServer: MTLSServer;
let foreignServer: MTLSServer;
let spiffe: SpiffeClient;
const cache = new DispatcherCache();
const extraClients: SpiffeClient[] = [];

/** A server certificate carrying only a SPIFFE ID (no DNS or IP SAN: hostname verification must be off). */
function spiffeServerCertificate(ca: CertificateAuthority, id: string): Promise<IssuedCertificate> {
  return ca.issue({ commonName: '', usage: 'server', uris: [id] });
}

beforeAll(async () => {
  [bundleCa, foreignCa] = await Promise.all([
    CertificateAuthority.create({ commonName: 'spiffe-bundle-ca' }),
    CertificateAuthority.create({ commonName: 'foreign-ca' }),
  ]);
  k8s = await startKubernetes();
  [regionServer, impostorServer, foreignServer] = await Promise.all([
    MTLSServer.start({
      ca: bundleCa,
      certificate: await spiffeServerCertificate(bundleCa, SERVER_ID),
      minVersion: 'TLSv1.3',
    }),
    MTLSServer.start({ ca: bundleCa, certificate: await spiffeServerCertificate(bundleCa, IMPOSTOR_ID) }),
    MTLSServer.start({ ca: bundleCa, certificate: await spiffeServerCertificate(foreignCa, SERVER_ID) }),
  ]);
  spiffe = await startSpiffeClient({ ca: bundleCa });
});

afterAll(async () => {
  await cache.close();
  for (const client of [spiffe, ...extraClients]) {
    await client.closer.close();
    await client.agent.close();
  }
  await Promise.all([regionServer.close(), impostorServer.close(), foreignServer.close(), k8s.api.close()]);
});

/** Options for a server, with a CA Secret configured that SPIFFE mode must ignore (it does not even exist). */
const optionsFor = (server: MTLSServer) =>
  newHTTPOptions('region', { host: server.url, caSecretNamespace: 'unikorn', caSecretName: 'region-ca' });

function dispatcherFor(server: MTLSServer, client = spiffe): Promise<CredentialDispatcher> {
  return cache.get(k8s.kube, optionsFor(server), client.clientOptions);
}

async function get(server: MTLSServer, dispatcher: CredentialDispatcher, path = '/'): Promise<number> {
  const response = await request(`${server.url}${path}`, { dispatcher });
  await response.body.text();
  return response.statusCode;
}

/** A fresh agent + client for tests that rotate SVIDs. */
async function isolatedClient(): Promise<SpiffeClient> {
  const client = await startSpiffeClient({ ca: bundleCa });
  extraClients.push(client);
  return client;
}

describe('SPIFFE mode TLS configuration', () => {
  it('credential leaf has one URI SAN equal to the SVID ID, presented chain = [SVID leaf], server check installed, CA Secret not read', async () => {
    const reads = k8s.api.requests.length;
    const config = await tlsClientConfig(k8s.kube, optionsFor(regionServer), spiffe.clientOptions);
    const credential = config.credential!.current();

    expect(config.minVersion).toBe('TLSv1.3');
    expect(config.checkServerIdentity).toBeInstanceOf(Function);
    expect(uriSANs(credential.leaf)).toEqual([CLIENT_ID]);
    expect(credential.chain.map((certificate) => certificate.raw)).toEqual([
      new X509Certificate(spiffe.agent.svid.certificates[0]).raw,
    ]);
    expect(credential.ca).toEqual([bundleCa.certificate.toString()]);
    const connect = connectOptions(config);
    expect(connect.cert).toBe(credential.certificateChainPem);
    expect(connect.ca).toEqual([bundleCa.certificate.toString()]);
    expect(connect.checkServerIdentity).toBe(config.checkServerIdentity);
    expect(k8s.api.requests.length).toBe(reads);
  });
});

describe('server authorisation against real TLS servers', () => {
  it('a server presenting the configured SPIFFE ID is accepted and sees the SVID as client certificate', async () => {
    const reads = k8s.api.requests.length;
    const dispatcher = await dispatcherFor(regionServer);
    regionServer.clearRequests();

    expect(await get(regionServer, dispatcher, '/accepted')).toBe(200);

    const [recorded] = regionServer.requests;
    expect(recorded.tlsVersion).toBe('TLSv1.3');
    expect(recorded.clientCertificate?.commonName).toBe('');
    expect(recorded.clientCertificate?.fingerprint).toBe(spiffe.agent.svid.fingerprint);
    expect(uriSANs(new X509Certificate(recorded.clientCertificate!.pem))).toEqual([CLIENT_ID]);
    expect(k8s.api.requests.length).toBe(reads);
  });

  it('a server presenting …/sa/impostor is refused with unexpected ID "<impostor>"', async () => {
    const dispatcher = await dispatcherFor(impostorServer);
    const attempt = get(impostorServer, dispatcher, '/impostor');
    await expect(attempt).rejects.toThrow(`unexpected ID "${IMPOSTOR_ID}"`);
    expect(impostorServer.requests).toHaveLength(0);
  });

  it('the right SPIFFE ID from a CA outside the trust bundle is refused', async () => {
    const dispatcher = await dispatcherFor(foreignServer);
    await expect(get(foreignServer, dispatcher, '/foreign')).rejects.toThrow();
    expect(foreignServer.requests).toHaveLength(0);
  });

  it('the dispatcher cache keeps server IDs apart', async () => {
    const other = await startSpiffeClient({ ca: bundleCa }, IMPOSTOR_ID);
    extraClients.push(other);
    const forImpostor = await dispatcherFor(impostorServer, other);
    expect(forImpostor).not.toBe(await dispatcherFor(impostorServer));
    expect(await get(impostorServer, forImpostor, '/authorised-impostor')).toBe(200);
  });
});

describe('SVID chains', () => {
  it('a 1-certificate SVID: chain length 1, leaf set, empty CN, URI SAN = ID, EC P-256 key', async () => {
    const credential = (await loadClientCredential(k8s.kube, spiffe.clientOptions))!;
    expect(credential.chain).toHaveLength(1);
    expect(credential.leaf).toBe(credential.chain[0]);
    expect(credential.leaf.subject).toBe('CN=');
    expect(uriSANs(credential.leaf)).toEqual([CLIENT_ID]);
    expect(credential.privateKey.asymmetricKeyType).toBe('ec');
    expect(credential.privateKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(credential.leaf.checkPrivateKey(credential.privateKey)).toBe(true);
  });

  it('a 2-certificate SVID keeps its order (leaf first) and the whole chain is presented', async () => {
    const client = await isolatedClient();
    const intermediate = await bundleCa.createIntermediate({ commonName: 'spire-intermediate' });
    const svid = await client.agent.rotate(await issueSVID(intermediate, CLIENT_ID));
    await waitFor(async () => (await heldFingerprint(client)) === svid.fingerprint, 'the 2-certificate SVID');

    const credential = (await loadClientCredential(k8s.kube, client.clientOptions))!;
    expect(credential.chain.map((certificate) => certificate.subject)).toEqual(['CN=', 'CN=spire-intermediate']);
    expect(credential.leaf.fingerprint256).toBe(credential.chain[0].fingerprint256);
    expect(credential.fingerprint).toBe(svid.fingerprint);

    // The server trusts only the root: the handshake succeeds only if the intermediate is presented too.
    const dispatcher = await dispatcherFor(regionServer, client);
    regionServer.clearRequests();
    expect(await get(regionServer, dispatcher, '/two-certificates')).toBe(200);
    expect(regionServer.requests[0].clientCertificate?.serialNumber).toBe(svid.serialNumber);
  });
});

describe('SVID rotation through the Workload API stream', () => {
  it('a rotated SVID is picked up by running request loops without a failed request; the server sees the new serial', async () => {
    const client = await isolatedClient();
    const dispatcher = await dispatcherFor(regionServer, client);
    const initial = client.agent.svid;
    regionServer.clearRequests();
    const statuses: (number | string)[] = [];
    let stop = false;
    const loop = async (worker: number) => {
      while (!stop) {
        statuses.push(await get(regionServer, dispatcher, `/loop/${worker}`).catch((error: Error) => error.message));
      }
    };
    const loops = [0, 1, 2, 3].map(loop);
    const servedWith = (serial: string) =>
      regionServer.requests.some((recorded) => recorded.clientCertificate?.serialNumber === serial);

    let rotated: Awaited<ReturnType<typeof client.agent.rotate>>;
    try {
      await waitFor(() => servedWith(initial.serialNumber), 'requests with the first SVID');
      rotated = await client.agent.rotate();
      await waitFor(() => servedWith(rotated.serialNumber), 'requests with the rotated SVID');
      const seen = statuses.length;
      await waitFor(() => statuses.length >= seen + 8, 'more requests after rotation');
    } finally {
      stop = true;
      await Promise.all(loops);
    }

    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(dispatcher.agentsCreated).toBe(2);
    expect(dispatcher.epoch).toBe(1);
    const last = regionServer.requests.at(-1)!;
    expect(last.clientCertificate?.serialNumber).toBe(rotated.serialNumber);
    await dispatcher.retiredAgentsClosed();
    expect(dispatcher.agentCount).toBe(1);
  });

  it('signing uses the current SVID key (ES256) and follows rotation', async () => {
    const client = await isolatedClient();
    const payload = { organizationID: 'org1', actor: 'someone@example.com' };
    const first = client.agent.svid;
    const token = await encodeAndSign(k8s.kube, client.clientOptions, payload);
    expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())).toEqual({ alg: 'ES256' });
    await expect(verifyAndDecode(token, first.certificates[0])).resolves.toEqual(payload);

    const rotated = await client.agent.rotate();
    await waitFor(async () => (await heldFingerprint(client)) === rotated.fingerprint, 'the rotated SVID');
    const next = await encodeAndSign(k8s.kube, client.clientOptions, payload);
    await expect(verifyAndDecode(next, rotated.certificates[0])).resolves.toEqual(payload);
    await expect(verifyAndDecode(next, first.certificates[0])).rejects.toThrow('jws error');
  });

  it('after the agent drops the stream the client reconnects and receives later SVIDs', async () => {
    const client = await isolatedClient();
    client.agent.dropStreams();
    await waitFor(() => client.agent.streamsAccepted === 2 && client.agent.openStreams === 1, 'a reconnect');
    const rotated = await client.agent.rotate();
    await waitFor(async () => (await heldFingerprint(client)) === rotated.fingerprint, 'the SVID after reconnect');
    const dispatcher = await dispatcherFor(regionServer, client);
    regionServer.clearRequests();
    expect(await get(regionServer, dispatcher, '/after-reconnect')).toBe(200);
    expect(regionServer.requests[0].clientCertificate?.serialNumber).toBe(rotated.serialNumber);
  });

  it('an SVID whose key does not match is refused and the last good SVID stays in use', async () => {
    const client = await isolatedClient();
    const good = client.agent.svid;
    const config = await tlsClientConfig(k8s.kube, optionsFor(regionServer), client.clientOptions);
    const other = await issueSVID(bundleCa, CLIENT_ID);
    const sent = client.agent.svidCount;
    await client.agent.rotate({ ...other, privateKeyPem: good.privateKeyPem });
    await waitFor(() => client.agent.svidCount > sent && config.credential?.lastError !== undefined, 'the refusal');

    expect(String(config.credential?.lastError)).toContain(
      'x509svid: private key validation failed: leaf certificate does not match private key',
    );
    expect(String(config.credential?.lastError)).not.toMatch(/BEGIN|PRIVATE KEY-/);
    expect(config.credential?.current().fingerprint).toBe(good.fingerprint);
    expect(config.credential?.epoch).toBe(0);
  });
});
