import type { KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CertificateAuthority, type IssuedCertificate } from '@unikorn-cloud/testkit';
import { CompactSign } from 'jose';
import { defaultPrincipal, principalHeader, RegionFixture } from './serverFixture';

const sign = (payload: object, key: KeyObject, alg: string) =>
  new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg }).sign(key);

describe('RegionAPIServer authentication', () => {
  let fixture: RegionFixture;
  let stranger: IssuedCertificate;
  let relayed: IssuedCertificate;

  beforeAll(async () => {
    fixture = await RegionFixture.start();
    const other = await CertificateAuthority.create({ commonName: 'other' });
    [stranger, relayed] = await Promise.all([
      other.issueClient('stranger'),
      fixture.ca.issueClient('kubernetes-service'),
    ]);
  });

  afterAll(async () => {
    await fixture.close();
  });

  const list = (headers: Record<string, string>, client?: IssuedCertificate | null) =>
    fixture.send('GET', '/api/v2/networks', { headers, client });

  it('a verified caller without X-Principal gets 400 invalid_request', async () => {
    const response = await list({ 'X-Principal': '' });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ error: 'invalid_request' });
    expect(fixture.server.calls.at(-1)).toMatchObject({ subject: 'my-service', principal: undefined, status: 400 });
  });

  it('an unpadded base64url principal is accepted unsigned', async () => {
    const principal = { type: 'user', actor: 'bob@example.com' };
    const response = await list({ 'X-Principal': principalHeader(principal) });
    expect(response.status).toBe(200);
    expect(fixture.server.calls.at(-1)).toMatchObject({
      operationId: 'listNetworks',
      principal,
      signed: false,
      impersonate: false,
      subject: 'my-service',
      status: 200,
    });
  });

  it('X-Impersonate: true without an actor is 400; with an actor it is recorded', async () => {
    const anonymous = principalHeader({ organizationId: defaultPrincipal.organizationId });
    expect((await list({ 'X-Principal': anonymous, 'X-Impersonate': 'true' })).status).toBe(400);
    const named = principalHeader(defaultPrincipal);
    expect((await list({ 'X-Principal': named, 'X-Impersonate': 'true' })).status).toBe(200);
    expect(fixture.server.calls.at(-1)).toMatchObject({ impersonate: true, signed: false });
  });

  it('a PS512 JWS signed with the caller certificate key is accepted', async () => {
    const token = await sign({ actor: 'controller@example.com' }, fixture.rsaClient.privateKey, 'PS512');
    const response = await list({ 'X-Principal': token, 'X-Impersonate': 'true' });
    expect(response.status).toBe(200);
    expect(fixture.server.calls.at(-1)).toMatchObject({
      subject: 'my-service',
      principal: { actor: 'controller@example.com' },
      signed: true,
      impersonate: false,
    });
  });

  it('an ES256 JWS from an EC P-256 caller is accepted', async () => {
    const token = await sign(defaultPrincipal, fixture.ecClient.privateKey, 'ES256');
    const response = await list({ 'X-Principal': token }, fixture.ecClient);
    expect(response.status).toBe(200);
    expect(fixture.server.calls.at(-1)).toMatchObject({ subject: 'ec-service', signed: true });
  });

  it('a JWS signed by another key, or with RS256, is 400 invalid_request', async () => {
    const otherKey = await sign(defaultPrincipal, fixture.ecClient.privateKey, 'ES256');
    expect((await list({ 'X-Principal': otherKey })).status).toBe(400);
    const rs256 = await sign(defaultPrincipal, fixture.rsaClient.privateKey, 'RS256');
    expect((await list({ 'X-Principal': rs256 })).status).toBe(400);
  });

  it('a padded base64url principal is treated as a JWS and rejected', async () => {
    const padded = Buffer.from(JSON.stringify({ actor: 'ab' })).toString('base64');
    expect(padded.endsWith('=')).toBe(true);
    const response = await list({ 'X-Principal': padded.replace(/\+/g, '-').replace(/\//g, '_') });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ error: 'invalid_request' });
  });

  it('no client certificate is 401 access_denied with the Go WWW-Authenticate challenge', async () => {
    const response = await list({}, null);
    expect(response.status).toBe(401);
    expect(response.json).toMatchObject({ error: 'access_denied', error_description: 'authorization header missing' });
    expect(response.headers['www-authenticate']).toBe(
      'Bearer error="access_denied",error_description="authorization header missing",' +
        `resource_metadata="https://127.0.0.1:${fixture.server.port}/.well-known/openid-protected-resource"`,
    );
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('a certificate from an untrusted CA is 400 certificate propagation failure', async () => {
    const response = await list({}, stranger);
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ error_description: 'certificate propagation failure' });
  });

  it('the relayed Unikorn-Client-Certificate names the subject; the JWS is still checked against the peer', async () => {
    const relay = encodeURIComponent(relayed.certificatePem);
    const token = await sign(defaultPrincipal, fixture.rsaClient.privateKey, 'PS512');
    const response = await list({ 'Unikorn-Client-Certificate': relay, 'X-Principal': token });
    expect(response.status).toBe(200);
    expect(fixture.server.calls.at(-1)).toMatchObject({ subject: 'kubernetes-service', signed: true });
    const broken = await list({ 'Unikorn-Client-Certificate': 'not%20a%20certificate' });
    expect(broken.status).toBe(400);
    expect(broken.json).toMatchObject({ error_description: 'certificate propagation failure' });
  });

  it('an operation without security requirements needs no client certificate', async () => {
    const response = await fixture.send('GET', '/.well-known/openid-protected-resource', { client: null });
    expect(response.status).toBe(501);
    expect(fixture.server.calls.at(-1)).toMatchObject({ operationId: 'getOpenidProtectedResource', valid: true });
  });
});
