import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Agent, request } from 'undici';
import { CertificateAuthority, type IssuedCertificate, MTLSServer } from '../src';

describe('MTLSServer', () => {
  let ca: CertificateAuthority;
  let otherCA: CertificateAuthority;
  let serverCert: IssuedCertificate;
  let client: IssuedCertificate;
  let foreignClient: IssuedCertificate;
  const agents: Agent[] = [];
  const servers: MTLSServer[] = [];

  const agent = (connect: Agent.Options['connect'], connections?: number) => {
    const created = new Agent({ connect, connections, keepAliveTimeout: 1000, allowH2: false });
    agents.push(created);
    return created;
  };
  const mutualAgent = (issued: IssuedCertificate = client, trust: string = ca.certificatePem) =>
    agent({ ca: trust, cert: issued.certificatePem, key: issued.privateKeyPem });
  const start = async (options: Partial<Parameters<typeof MTLSServer.start>[0]> = {}) => {
    const server = await MTLSServer.start({ ca, certificate: serverCert, ...options });
    servers.push(server);
    return server;
  };

  beforeAll(async () => {
    [ca, otherCA] = await Promise.all([
      CertificateAuthority.create(),
      CertificateAuthority.create({ commonName: 'other' }),
    ]);
    [serverCert, client, foreignClient] = await Promise.all([
      ca.issueServer(),
      ca.issueClient('client-1'),
      otherCA.issueClient('stranger'),
    ]);
  });

  afterEach(async () => {
    await Promise.all(agents.splice(0).map((a) => a.destroy()));
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it('records the client certificate, raw path, raw headers and body', async () => {
    const server = await start();
    const response = await request(`${server.url}/a%20b/c%2Fd?x=1&y=%20`, {
      method: 'POST',
      dispatcher: mutualAgent(),
      headers: ['X-First', 'one', 'x-second', 'two', 'X-First', 'again', 'content-type', 'text/plain'],
      body: 'hello',
    });
    expect(response.statusCode).toBe(200);
    expect(await response.body.json()).toEqual({ ok: true });

    expect(server.requests).toHaveLength(1);
    const [recorded] = server.requests;
    expect(recorded.method).toBe('POST');
    expect(recorded.rawPath).toBe('/a%20b/c%2Fd?x=1&y=%20');
    expect(recorded.body).toBe('hello');
    expect(recorded.tlsVersion).toBe('TLSv1.3');
    const custom = recorded.rawHeaders.filter(([name]) => name.toLowerCase().startsWith('x-'));
    expect(custom).toEqual([
      ['X-First', 'one'],
      ['x-second', 'two'],
      ['X-First', 'again'],
    ]);
    expect(recorded.headers['x-second']).toBe('two');
    expect(recorded.clientCertificate).toEqual({
      pem: client.certificate.toString(),
      commonName: 'client-1',
      serialNumber: client.serialNumber,
      fingerprint: client.fingerprint,
    });
    expect(server.handshakes).toBe(1);
  });

  it('refuses a client without a certificate', async () => {
    const server = await start();
    await expect(request(server.url, { dispatcher: agent({ ca: ca.certificatePem }) })).rejects.toThrow();
    expect(server.requests).toHaveLength(0);
    expect(server.handshakes).toBe(0);
  });

  it('refuses a client certificate from an untrusted CA until that CA is trusted', async () => {
    const server = await start();
    await expect(request(server.url, { dispatcher: mutualAgent(foreignClient) })).rejects.toThrow();
    expect(server.requests).toHaveLength(0);

    server.setTrustedCAs([ca, otherCA.certificatePem]);
    const response = await request(server.url, { dispatcher: mutualAgent(foreignClient) });
    await response.body.dump();
    expect(response.statusCode).toBe(200);
    expect(server.requests[0].clientCertificate?.commonName).toBe('stranger');
  });

  it('accepts any client when requestCert is false', async () => {
    const server = await start({ requestCert: false });
    const response = await request(server.url, { dispatcher: agent({ ca: ca.certificatePem }) });
    await response.body.dump();
    expect(response.statusCode).toBe(200);
    expect(server.requests[0].clientCertificate).toBeUndefined();
  });

  it('can be limited to TLS 1.2', async () => {
    const server = await start({ maxVersion: 'TLSv1.2' });
    const response = await request(server.url, { dispatcher: mutualAgent() });
    await response.body.dump();
    expect(server.requests[0].tlsVersion).toBe('TLSv1.2');
    expect(server.requests[0].clientCertificate?.commonName).toBe('client-1');

    const strict = agent({
      ca: ca.certificatePem,
      cert: client.certificatePem,
      key: client.privateKeyPem,
      minVersion: 'TLSv1.3',
    });
    await expect(request(server.url, { dispatcher: strict })).rejects.toThrow();
    expect(server.tlsErrors.length).toBeGreaterThan(0);
  });

  it('answers through the handler and setHandler', async () => {
    const server = await start({ handler: () => ({ status: 201, headers: { 'X-Reply': 'yes' }, body: 'created' }) });
    const first = await request(server.url, { dispatcher: mutualAgent() });
    expect(first.statusCode).toBe(201);
    expect(first.headers['x-reply']).toBe('yes');
    expect(await first.body.text()).toBe('created');

    server.setHandler(async (req) => ({ status: 403, body: { error: 'forbidden', error_description: req.rawPath } }));
    const second = await request(`${server.url}/p`, { dispatcher: mutualAgent() });
    expect(second.statusCode).toBe(403);
    expect(second.headers['content-type']).toBe('application/json');
    expect(await second.body.json()).toEqual({ error: 'forbidden', error_description: '/p' });
  });

  it('presents a rotated server certificate on new connections', async () => {
    const server = await start();
    const before = await request(server.url, { dispatcher: mutualAgent() });
    await before.body.dump();

    server.rotateCertificate(await otherCA.issueServer());
    await expect(request(server.url, { dispatcher: mutualAgent() })).rejects.toThrow();
    const after = await request(server.url, { dispatcher: mutualAgent(client, otherCA.certificatePem) });
    await after.body.dump();
    expect(after.statusCode).toBe(200);
    expect(server.requests.at(-1)?.clientCertificate?.commonName).toBe('client-1');
  });

  it('counts handshakes and sockets, reuses keep-alive connections and closes them all', async () => {
    const server = await start();
    const dispatcher = agent({ ca: ca.certificatePem, cert: client.certificatePem, key: client.privateKeyPem }, 1);
    for (let i = 0; i < 3; i += 1) {
      const response = await request(server.url, { dispatcher });
      await response.body.dump();
    }
    expect(server.handshakes).toBe(1);
    expect(new Set(server.requests.map((r) => r.connectionId))).toEqual(new Set([1]));
    expect(server.openSockets).toBe(1);

    server.clearRequests();
    expect(server.requests).toHaveLength(0);
    await server.close();
    expect(server.openSockets).toBe(0);
  });
});
