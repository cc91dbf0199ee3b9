import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { type CredentialDispatcher, DispatcherCache } from '@unikorn-cloud/core-client';
import { CertificateAuthority, type IssuedCertificate, MTLSServer, tlsSecret, waitFor } from '@unikorn-cloud/testkit';
import { BaseClient, withPrincipal } from '../src';
import { caSecretName, Environment, namespace, type TestClient, testClient } from './support/environment';

const HOUR = 3_600_000;
const SERVICE = 'load-client';
const CALLERS = 64;
/** Upper bound of requests per caller, so the test ends even if a phase never completes. */
const REQUESTS_PER_CALLER = 400;
const principal = { organizationId: 'org-1', actor: 'load@example.com' };

let env: Environment;
let newCA: CertificateAuthority;
let server: MTLSServer;
const seenSerials = new Map<string, number>();

beforeAll(async () => {
  env = await Environment.start();
  newCA = await CertificateAuthority.create({ commonName: 'identity-client-test-ca-2' });
  // The server accepts client certificates of either CA; it starts with a certificate of the first CA.
  server = await MTLSServer.start({
    ca: [env.ca, newCA],
    certificate: await env.ca.issueServer(),
    minVersion: 'TLSv1.3',
    handler: (recorded) => {
      const serial = recorded.clientCertificate?.serialNumber ?? 'none';
      seenSerials.set(serial, (seenSerials.get(serial) ?? 0) + 1);
      return { status: 200, body: { ok: true } };
    },
  });
  env.onClose(() => server.close());
});

afterAll(async () => {
  await env.close();
});

function putClientSecret(issued: IssuedCertificate): void {
  env.api.putSecret(tlsSecret(namespace, `${SERVICE}-client`, issued));
}

it('64 callers see zero failures while the client Secret rotates twice and the CA bundle gains a new CA', async () => {
  const [first, second, third] = await Promise.all([
    env.ca.issueClient(SERVICE, { serialNumber: '0a01' }),
    env.ca.issueClient(SERVICE, { serialNumber: '0a02' }),
    newCA.issueClient(SERVICE, { serialNumber: '0b03' }),
  ]);
  putClientSecret(first);
  let clock = Date.UTC(2026, 0, 1);
  const clientOptions = env.clientOptions(SERVICE, { reloadIntervalMs: HOUR, now: () => clock });
  const base = new BaseClient(env.kube, env.options(server.url), clientOptions, {
    dispatcherCache: new DispatcherCache(),
  });
  env.onClose(() => base.close());
  const dispatcher: CredentialDispatcher = await base.httpClient();

  let stop = false;
  let completed = 0;
  const failures: unknown[] = [];
  const caller = async (id: number) => {
    let client: TestClient | undefined;
    for (let n = 0; n < REQUESTS_PER_CALLER && !stop; n++) {
      try {
        // Half the callers build a client per request (cache hit), half reuse theirs.
        client = id % 2 === 0 && client ? client : await base.apiClient(testClient);
        const response = await withPrincipal(principal, () => (client as TestClient).get(`/load/${id}/${n}`));
        if (response.status === 200) completed++;
        else failures.push(response.status);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  const callers = Promise.all(Array.from({ length: CALLERS }, (_, id) => caller(id)));
  const moreRequests = async (count: number, what: string) => {
    const target = completed + count;
    await waitFor(() => completed >= target || stop, 10_000, what);
  };
  /** Makes the next reload due (no sleeping) and waits until the dispatcher serves `epoch` with old Agents closed. */
  const reloadTo = async (epoch: number, what: string) => {
    clock += HOUR + 1;
    await waitFor(() => dispatcher.epoch >= epoch, 10_000, what);
    await dispatcher.retiredAgentsClosed();
  };

  try {
    await moreRequests(200, 'warm-up traffic');

    // Rotation 1: a new client certificate from the same CA.
    putClientSecret(second);
    await reloadTo(1, 'the first client rotation');
    await moreRequests(200, 'traffic after the first client rotation');

    // The CA bundle gains the new CA; once the clients trust both, the server moves to a certificate of the new CA.
    env.api.putSecret(
      tlsSecret(namespace, caSecretName, { certificatePem: `${env.ca.certificatePem}${newCA.certificatePem}` }),
    );
    await reloadTo(2, 'the CA bundle reload');
    const handshakesBefore = server.handshakes;
    server.rotateCertificate(await newCA.issueServer());
    // Existing connections keep the old server certificate; the next Agent's connections get the new one.
    await moreRequests(200, 'traffic after the server certificate rotation');

    // Rotation 2: a client certificate issued by the new CA.
    putClientSecret(third);
    await reloadTo(3, 'the second client rotation');
    await moreRequests(200, 'traffic after the second client rotation');
    expect(server.handshakes).toBeGreaterThan(handshakesBefore);
  } finally {
    stop = true;
    await callers;
  }

  expect(failures).toEqual([]);
  expect(dispatcher.agentsCreated).toBe(4);
  for (const issued of [first, second, third]) {
    expect(seenSerials.get(issued.serialNumber) ?? 0).toBeGreaterThan(0);
  }
  expect([...seenSerials.keys()].sort()).toEqual([first, second, third].map((issued) => issued.serialNumber).sort());
  expect(completed).toBeGreaterThanOrEqual(1_000);
}, 40_000);
