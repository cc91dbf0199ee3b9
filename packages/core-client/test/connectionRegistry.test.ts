import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { CertificateAuthority, MTLSServer } from '@unikorn-cloud/testkit';
import { Agent, Client, request } from 'undici';
import { ConnectionRegistry } from '../src/http/connectionReuse';

let ca: CertificateAuthority;
let server: MTLSServer;
let tls: { ca: string; cert: string; key: string };

beforeAll(async () => {
  ca = await CertificateAuthority.create({ commonName: 'connection-registry-ca' });
  server = await MTLSServer.start({ ca, certificate: await ca.issueServer() });
  const client = await ca.issueClient('registry-client');
  tls = { ca: ca.certificatePem, cert: client.certificatePem, key: client.privateKeyPem };
});

afterAll(async () => {
  await server.close();
});

function agentWith(registry: ConnectionRegistry, connections?: number): Agent {
  return new Agent({ connect: tls, factory: registry.factory, ...(connections === undefined ? {} : { connections }) });
}

it('knows no connection before the first request, and none of an origin it never saw', () => {
  const registry = new ConnectionRegistry();
  expect(registry.knows(server.url)).toBe(false);
  expect(registry.idleConnection(server.url)).toBeUndefined();
  expect(registry.idleConnection('https://127.0.0.1:1')).toBeUndefined();
});

it('hands out the connected, idle connection of a pool it built, which then serves a request on the same socket', async () => {
  const registry = new ConnectionRegistry();
  const agent = agentWith(registry);
  try {
    await (await request(`${server.url}/first`, { dispatcher: agent })).body.text();
    expect(registry.knows(server.url)).toBe(true);
    expect(registry.knows(new URL(server.url))).toBe(true);
    expect(registry.pools.size).toBe(1);
    const idle = registry.idleConnection(server.url);
    expect(idle).toBeInstanceOf(Client);
    const handshakes = server.handshakes;
    await (await request(`${server.url}/second`, { dispatcher: idle })).body.text();
    expect(server.handshakes).toBe(handshakes);
    const [first, second] = server.requests.slice(-2);
    expect(second.connectionId).toBe(first.connectionId);
  } finally {
    await agent.close();
  }
});

it('offers no connection while the only one is busy', async () => {
  const registry = new ConnectionRegistry();
  const agent = agentWith(registry, 1);
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  server.setHandler(async (recorded) => {
    if (recorded.rawPath === '/slow') await held;
    return { status: 200, body: { ok: true } };
  });
  try {
    await (await request(`${server.url}/warm`, { dispatcher: agent })).body.text();
    const slow = request(`${server.url}/slow`, { dispatcher: agent });
    expect(registry.idleConnection(server.url)).toBeUndefined();
    release();
    await (await slow).body.text();
  } finally {
    server.setHandler(() => ({ status: 200, body: { ok: true } }));
    await agent.close();
  }
});

it('forgets connections once closed, for pools and for single-connection origins alike', async () => {
  for (const connections of [undefined, 1]) {
    const registry = new ConnectionRegistry();
    const agent = agentWith(registry, connections);
    await (await request(`${server.url}/closing`, { dispatcher: agent })).body.text();
    expect(registry.idleConnection(server.url)).toBeDefined();
    await agent.close();
    expect(registry.idleConnection(server.url)).toBeUndefined();
  }
});
