import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { trace } from '@opentelemetry/api';
import { renderError, signCompact } from '@unikorn-cloud/core-client';
import { CertificateAuthority, type IssuedCertificate } from '@unikorn-cloud/testkit';
import {
  AccessDeniedError,
  ClientCertificateError,
  certificatePem,
  encodeClientCertificate,
  encodePrincipalHeader,
  extractCallerCertificate,
  extractClientCertificate,
  extractPrincipal,
  InboundInternalError,
  InboundRequestError,
  InboundValidator,
  inboundContext,
  inboundErrorResponse,
  PrincipalHeaderError,
  PrincipalVerificationError,
  parseClientCertificate,
  queryEscape,
  queryUnescape,
  runWithInboundContext,
  traceContextMutator,
} from '../src';
import { fakeAuthenticator } from './support/fakeAuthenticator';
import { registerTracing, resetTracing } from './support/otel';

let ca: CertificateAuthority;
let certA: IssuedCertificate;
let certB: IssuedCertificate;
let certC: IssuedCertificate;
let myService: IssuedCertificate;

beforeAll(async () => {
  ca = await CertificateAuthority.create();
  [certA, certB, certC, myService] = await Promise.all([
    ca.issueClient('service-a'),
    ca.issueClient('service-b'),
    ca.issueClient('service-c'),
    ca.issueClient('my-service', { keyType: 'rsa-2048' }),
  ]);
});

afterEach(() => {
  resetTracing();
});

const relay = (issued: IssuedCertificate) => encodeClientCertificate(issued.certificate);
const ingress = { trustIngressHeaders: true };
const verified = (issued: IssuedCertificate) => ({ 'ssl-client-cert': relay(issued), 'ssl-client-verify': 'SUCCESS' });

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(InboundRequestError);
  const rendered = renderError(error as InboundRequestError);
  return { error: error as InboundRequestError, rendered, body: JSON.parse(rendered.body) };
}

describe('extractClientCertificate (Go main precedence)', () => {
  it('TLS peer A and relay header B relay B (Go main: the relay names the chain origin); the caller is A', () => {
    // Deliberately Go main, not e2e-x509-svid (where the peer would replace the relay): a verified TLS peer plays
    // the role of the ingress-verified Ssl-Client-Cert, and Go main relays the originator past it.
    const result = extractClientCertificate(
      { 'unikorn-client-certificate': relay(certB) },
      { peerCertificate: certA.certificate },
    );
    expect(result?.provenance).toBe('relayed-header');
    expect(result?.certificate?.fingerprint256).toBe(certB.certificate.fingerprint256);
    expect(
      extractCallerCertificate({ 'unikorn-client-certificate': relay(certB) }, { peerCertificate: certA.certificate })
        ?.fingerprint256,
    ).toBe(certA.certificate.fingerprint256);
  });

  it('a TLS peer alone is relayed re-encoded as query-escaped PEM (verified-peer)', () => {
    const result = extractClientCertificate({}, { peerCertificate: certA.certificate });
    expect(result?.provenance).toBe('verified-peer');
    expect(result?.value).toBe(queryEscape(certificatePem(certA.certificate)));
    expect(parseClientCertificate(result?.value ?? '').fingerprint256).toBe(certA.certificate.fingerprint256);
  });

  it('no TLS and relay B give B verbatim (relayed-header), and no caller', () => {
    const value = relay(certB);
    const result = extractClientCertificate({ 'Unikorn-Client-Certificate': value });
    expect(result).toMatchObject({ value, provenance: 'relayed-header' });
    expect(result?.certificate?.fingerprint256).toBe(certB.certificate.fingerprint256);
    expect(extractCallerCertificate({ 'Unikorn-Client-Certificate': value })).toBeUndefined();
  });

  it('no TLS, relay B and verified Ssl-Client-Cert C give B; the caller is C', () => {
    const headers = new Headers({ 'Unikorn-Client-Certificate': relay(certB), ...verified(certC) });
    expect(extractClientCertificate(headers, ingress)?.certificate?.fingerprint256).toBe(
      certB.certificate.fingerprint256,
    );
    expect(extractCallerCertificate(headers, ingress)?.fingerprint256).toBe(certC.certificate.fingerprint256);
  });

  it('nothing gives no error and no certificate', () => {
    expect(extractClientCertificate({})).toBeUndefined();
    expect(extractCallerCertificate({})).toBeUndefined();
  });

  it('Ssl-Client-Cert without SUCCESS, or on a server that does not trust ingress headers, is a 400', () => {
    const unverified = () => extractClientCertificate({ 'ssl-client-cert': 'cat' }, ingress);
    expect(unverified).toThrow(ClientCertificateError);
    expect(unverified).toThrow('client certificate error: client certificate verification header error');
    expect(() =>
      extractClientCertificate({ 'ssl-client-cert': relay(certC), 'ssl-client-verify': 'success' }, ingress),
    ).toThrow(ClientCertificateError);
    expect(() => extractClientCertificate(verified(certC))).toThrow(
      'client certificate error: client certificate headers are not trusted',
    );
    try {
      unverified();
    } catch (error) {
      expect(inboundErrorResponse(error)).toEqual({
        status: 400,
        body: { error: 'invalid_request', error_description: 'certificate propagation failure' },
      });
    }
  });

  it('parses relayed values like Go GetClientCertificate, with its error texts', () => {
    expect(() => parseClientCertificate('bad%zz')).toThrow(
      'client certificate error: client certificate unescape failed',
    );
    expect(() => parseClientCertificate('cat')).toThrow('client certificate error: client certificate not PEM encoded');
    expect(() =>
      parseClientCertificate(queryEscape('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n')),
    ).toThrow('client certificate error: client certificate PEM encoding is not CERTIFICATE');
    expect(() =>
      parseClientCertificate(queryEscape('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')),
    ).toThrow('client certificate error: client certificate parse failed');
    expect(parseClientCertificate(encodeURIComponent(certA.certificatePem)).fingerprint256).toBe(
      certA.certificate.fingerprint256,
    );
  });

  it('base64 with junk after the padding, and DER with trailing bytes, are not the caller certificate', () => {
    const der = certA.certificate.raw;
    const body = der.toString('base64');
    const padded = body.endsWith('=') ? body : Buffer.concat([der, Buffer.from([0])]).toString('base64');
    const junk = `-----BEGIN CERTIFICATE-----\n${padded}AAAA\n-----END CERTIFICATE-----\n`;
    expect(() => parseClientCertificate(queryEscape(junk))).toThrow(
      'client certificate error: client certificate not PEM encoded',
    );
    const trailing = `-----BEGIN CERTIFICATE-----\n${Buffer.concat([der, Buffer.from([0, 0, 0])]).toString('base64')}\n-----END CERTIFICATE-----\n`;
    expect(() => parseClientCertificate(queryEscape(trailing))).toThrow(
      'client certificate error: client certificate parse failed',
    );
  });

  it('a 256 KiB relay value of BEGIN lines is not PEM encoded (and parsed in linear time, see bench/PARSERS.md)', () => {
    const value = queryEscape('-----BEGIN CERTIFICATE-----\n'.repeat((256 * 1024) / 28));
    expect(() => parseClientCertificate(value)).toThrow('client certificate error: client certificate not PEM encoded');
  });

  it('query escaping matches Go url.QueryEscape / QueryUnescape', () => {
    expect(queryEscape("a b+c/=\n-_.~!*'()é")).toBe('a+b%2Bc%2F%3D%0A-_.~%21%2A%27%28%29%C3%A9');
    expect(queryUnescape('a+b%2Bc%2f%3D%0A%C3%A9')).toBe('a b+c/=\né');
    expect(queryUnescape('%')).toBeUndefined();
    expect(queryUnescape('%4')).toBeUndefined();
  });

  it('header names __proto__ and constructor are ordinary headers', () => {
    expect(() =>
      extractClientCertificate({ __proto__: 'x', constructor: 'y', 'constructor ': 'z' } as Record<string, string>),
    ).not.toThrow();
    const headers = JSON.parse('{"__proto__":"a","constructor":["b"],"toString":"c","hasOwnProperty":"d"}');
    expect(extractClientCertificate(headers)).toBeUndefined();
  });
});

describe('extractPrincipal', () => {
  const caller = () => myService.certificate;

  it('without a caller certificate the principal headers are not trusted', async () => {
    expect(await extractPrincipal({ 'x-principal': encodePrincipalHeader({ actor: 'a' }) }, undefined)).toBeUndefined();
  });

  it('verified caller and no X-Principal is a 400 header error', async () => {
    const missing = extractPrincipal({}, caller());
    await expect(missing).rejects.toThrow(PrincipalHeaderError);
    await expect(extractPrincipal({}, caller())).rejects.toThrow('header error: principal header not present');
    await expect(extractPrincipal({}, caller())).rejects.toMatchObject({
      httpStatus: 400,
      errorCode: 'invalid_request',
    });
  });

  it('a PS512 JWS principal signed by the caller key verifies; actor comes from the JWS', async () => {
    const token = await signCompact({ organizationId: 'org', actor: 'jws-actor' }, myService.privateKey);
    expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())).toEqual({ alg: 'PS512' });
    const result = await extractPrincipal({ 'X-Principal': token, 'X-Impersonate': 'true' }, caller());
    expect(result).toEqual({
      principal: { organizationId: 'org', actor: 'jws-actor' },
      impersonate: false,
      signed: true,
    });
  });

  it('a JWS is verified against the immediate caller, not the relayed certificate', async () => {
    const token = await signCompact({ actor: 'x' }, certA.privateKey);
    const headers = { 'x-principal': token, 'unikorn-client-certificate': relay(certA) };
    await expect(extractPrincipal(headers, certB.certificate)).rejects.toThrow(PrincipalVerificationError);
    await expect(extractPrincipal(headers, certB.certificate)).rejects.toMatchObject({ httpStatus: 400 });
    expect((await extractPrincipal(headers, certA.certificate))?.principal).toEqual({ actor: 'x' });
  });

  it('a base64url principal {type:user, actor} is accepted', async () => {
    const header = encodePrincipalHeader({ type: 'user', actor: 'user@example.com' });
    expect(await extractPrincipal({ 'x-principal': header }, caller())).toEqual({
      principal: { type: 'user', actor: 'user@example.com' },
      impersonate: false,
      signed: false,
    });
  });

  it('X-Impersonate: true without an actor is a 400; with an actor it flags impersonation', async () => {
    const noActor = { 'x-principal': encodePrincipalHeader({ organizationId: 'o' }), 'x-impersonate': 'true' };
    await expect(extractPrincipal(noActor, caller())).rejects.toThrow(
      'header error: impersonated principal actor missing',
    );
    await expect(extractPrincipal(noActor, caller())).rejects.toMatchObject({ httpStatus: 400 });
    const withActor = { 'x-principal': encodePrincipalHeader({ actor: 'a' }), 'x-impersonate': 'true' };
    expect((await extractPrincipal(withActor, caller()))?.impersonate).toBe(true);
    const notExactlyTrue = { 'x-principal': encodePrincipalHeader({ actor: 'a' }), 'x-impersonate': 'TRUE' };
    expect((await extractPrincipal(notExactlyTrue, caller()))?.impersonate).toBe(false);
  });

  it('a principal of JSON null or with organizationIds [null] is accepted as Go decodes it', async () => {
    const encode = (json: string) => Buffer.from(json).toString('base64url');
    expect((await extractPrincipal({ 'x-principal': encode('null') }, caller()))?.principal).toEqual({});
    expect(
      (await extractPrincipal({ 'x-principal': encode('{"organizationIds":[null,"o"]}') }, caller()))?.principal,
    ).toEqual({
      organizationIds: ['', 'o'],
    });
    expect(
      (await extractPrincipal({ 'x-principal': encode('{"ACTOR":"a","actor":null}') }, caller()))?.principal,
    ).toEqual({ actor: 'a' });
    // Go folds ſ to S, so "organizationIdſ" is the organizationIds field.
    await expect(extractPrincipal({ 'x-principal': encode('{"organizationIdſ":5}') }, caller())).rejects.toThrow(
      PrincipalHeaderError,
    );
    await expect(extractPrincipal({ 'x-principal': encode('{"actor":1}') }, caller())).rejects.toMatchObject({
      status: 400,
    });
  });

  it('unsigned principal JSON nested deeper than 10,000 levels is refused as Go refuses it', async () => {
    const nested = (depth: number) => `{"x":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)},"actor":"a"}`;
    const ok = await extractPrincipal({ 'x-principal': Buffer.from(nested(10_000)).toString('base64url') }, caller());
    expect(ok?.principal).toEqual({ actor: 'a' });
    const deep = extractPrincipal({ 'x-principal': Buffer.from(nested(10_001)).toString('base64url') }, caller());
    await expect(deep).rejects.toThrow('header error: principal exceeds max depth');
  });

  it('padded base64url is treated as a JWS and rejected (400)', async () => {
    const padded = Buffer.from('{"actor":"ab"}').toString('base64url').concat('==');
    const attempt = extractPrincipal({ 'x-principal': padded }, caller());
    await expect(attempt).rejects.toThrow(PrincipalVerificationError);
    await expect(extractPrincipal({ 'x-principal': padded }, caller())).rejects.toThrow(/^jws error/);
    await expect(extractPrincipal({ 'x-principal': padded }, caller())).rejects.toMatchObject({ httpStatus: 400 });
  });
});

describe('InboundValidator (Go main statuses)', () => {
  it('only Unikorn-Client-Certificate (no Authorization, no Ssl-Client-Cert) is a 401 with the challenge', async () => {
    const { error, rendered, body } = await failure(
      inboundContext({ headers: { host: 'svc.test:8443', 'unikorn-client-certificate': relay(certA) } }),
    );
    expect(error).toBeInstanceOf(AccessDeniedError);
    expect(rendered.status).toBe(401);
    expect(body).toMatchObject({ error: 'access_denied', error_description: 'authorization header missing' });
    expect(rendered.headers).toContainEqual([
      'WWW-Authenticate',
      'Bearer error="access_denied",error_description="authorization header missing",resource_metadata="https://svc.test:8443/.well-known/openid-protected-resource"',
    ]);
  });

  it('Authorization without a configured bearer authenticator is refused 401 with the challenge', async () => {
    const { rendered, body } = await failure(
      inboundContext({ headers: { host: 'h', authorization: 'Bearer anything' } }),
    );
    expect(rendered.status).toBe(401);
    expect(body.error_description).toBe('bearer tokens are not accepted by this server');
    expect(rendered.headers.map(([name]) => name)).toContain('WWW-Authenticate');
  });

  it('a bearer token the authenticator rejects is 401 with its WWW-Authenticate', async () => {
    const { authenticator } = fakeAuthenticator();
    const { rendered, body } = await failure(
      inboundContext({ headers: { host: 'h', authorization: 'Bearer garbage' } }, { authenticator }),
    );
    expect(rendered.status).toBe(401);
    expect(body.error_description).toBe('token is invalid or has expired');
    expect(rendered.headers).toContainEqual([
      'WWW-Authenticate',
      expect.stringContaining('error_description="token is invalid or has expired"'),
    ]);
  });

  it('a bearer request never takes its subject from a relayed certificate (forged region-admin)', async () => {
    const foreign = await (await CertificateAuthority.create({ commonName: 'foreign' })).issueClient('region-admin');
    const headers = { authorization: 'Bearer garbage', 'unikorn-client-certificate': relay(foreign) };
    await failure(inboundContext({ headers }));
    const { authenticator } = fakeAuthenticator();
    await failure(inboundContext({ headers }, { authenticator }));
    const accepted = await inboundContext({ headers: { ...headers, authorization: 'Bearer good' } }, { authenticator });
    expect(accepted.subject).toBe('joe@acme.com');
    expect(accepted.identity.clientCertificate).toBe(relay(foreign));
  });

  it('a bearer request with a verified Ssl-Client-Cert but no X-Principal is 400; without one a sent X-Principal is ignored', async () => {
    const { authenticator } = fakeAuthenticator();
    const { rendered, body } = await failure(
      inboundContext({ headers: { authorization: 'Bearer good', ...verified(certC) } }, { authenticator, ...ingress }),
    );
    expect(rendered.status).toBe(400);
    expect(body.error_description).toBe('principal propagation failure for authentication');
    const evil = encodePrincipalHeader({ actor: 'evil' });
    const inbound = await inboundContext(
      { headers: { authorization: 'Bearer good', 'x-principal': evil } },
      { authenticator, pathParams: { organizationID: 'o1', projectID: 'p1' } },
    );
    expect(inbound.identity.principal).toEqual({
      organizationId: 'o1',
      organizationIds: ['o1'],
      projectId: 'p1',
      type: 'user',
      actor: 'joe@acme.com',
    });
  });

  it('verified Ssl-Client-Cert (region) with relay (compute): subject compute, acctype system, ACL call relays compute', async () => {
    const region = await ca.issueClient('region');
    const compute = await ca.issueClient('compute');
    const { authenticator, calls } = fakeAuthenticator({ global: [] });
    const principal = encodePrincipalHeader({ type: 'user', actor: 'u@example.com' });
    const inbound = await inboundContext(
      { headers: { ...verified(region), 'unikorn-client-certificate': relay(compute), 'x-principal': principal } },
      { authenticator, ...ingress },
    );
    expect(inbound.subject).toBe('compute');
    expect(inbound.authorization).toMatchObject({
      token: '',
      systemAccount: true,
      userinfo: { sub: 'compute', 'https://unikorn-cloud.org/authz': { acctype: 'system' } },
    });
    expect(calls.authorize).toBe(0);
    expect(calls.getACL).toEqual([
      expect.objectContaining({
        organizationId: '',
        clientCertificate: relay(compute),
        principal: { type: 'user', actor: 'u@example.com' },
      }),
    ]);
    expect(inbound.acl).toEqual({ global: [] });
  });

  it('Ssl-Client-Cert: cat with SUCCESS and no Authorization is a 500 (the parse error is not an API error)', async () => {
    const { error, rendered, body } = await failure(
      inboundContext({ headers: { 'ssl-client-cert': 'cat', 'ssl-client-verify': 'SUCCESS' } }, ingress),
    );
    expect(error).toBeInstanceOf(InboundInternalError);
    expect(rendered.status).toBe(500);
    expect(body.error_description).toBe('an internal error has occurred, please contact support');
  });

  it('an unverified Ssl-Client-Cert without relay is 400 even on an operation without security; with a relay and no Authorization it is 401', async () => {
    const unsecured = await failure(
      inboundContext({ headers: { 'ssl-client-cert': relay(certC) } }, { ...ingress, secured: false }),
    );
    expect(unsecured.rendered.status).toBe(400);
    expect(unsecured.body.error_description).toBe('certificate propagation failure');
    const relayed = await failure(
      inboundContext(
        { headers: { 'ssl-client-cert': relay(certC), 'unikorn-client-certificate': relay(certA) } },
        ingress,
      ),
    );
    expect(relayed.rendered.status).toBe(401);
    expect(relayed.body.error_description).toBe('authorization header missing');
  });

  it('deliberately stricter than Go main: a bearer request with an unverified Ssl-Client-Cert and a relay is 400', async () => {
    // Go main would take the principal from X-Principal unverified here (it checks only that Ssl-Client-Cert is set).
    const { authenticator } = fakeAuthenticator();
    const headers = {
      authorization: 'Bearer good',
      'ssl-client-cert': relay(certC),
      'unikorn-client-certificate': relay(certA),
      'x-principal': encodePrincipalHeader({ actor: 'x' }),
    };
    const { rendered } = await failure(inboundContext({ headers }, { authenticator, ...ingress }));
    expect(rendered.status).toBe(400);
  });

  it('an operation without security authenticates nothing, whatever Authorization says', async () => {
    const { authenticator, calls } = fakeAuthenticator();
    const inbound = await inboundContext(
      { headers: { authorization: 'Bearer garbage', 'unikorn-client-certificate': relay(certA) } },
      { authenticator, secured: false },
    );
    expect(inbound.authorization).toBeUndefined();
    expect(inbound.subject).toBeUndefined();
    expect(inbound.identity.principal).toBeUndefined();
    expect(inbound.identity.clientCertificate).toBe(relay(certA));
    expect(calls).toEqual({ authorize: 0, getACL: [] });
  });

  it('an unparsable relay is 401 without a caller, 500 on the mTLS path, and 2xx on the bearer path or without security', async () => {
    const bad = { 'unikorn-client-certificate': 'cat' };
    expect((await failure(inboundContext({ headers: bad }))).rendered.status).toBe(401);
    const mtls = { ...bad, ...verified(certC), 'x-principal': encodePrincipalHeader({ actor: 'a' }) };
    expect((await failure(inboundContext({ headers: mtls }, ingress))).rendered.status).toBe(500);
    const { authenticator } = fakeAuthenticator();
    const bearer = await inboundContext({ headers: { ...bad, authorization: 'Bearer good' } }, { authenticator });
    expect(bearer.subject).toBe('joe@acme.com');
    expect(bearer.identity.clientCertificate).toBe('cat');
    expect((await inboundContext({ headers: bad }, { secured: false })).identity.clientCertificate).toBe('cat');
  });

  it('through the validator: subject my-service from the verified certificate, principal from the JWS', async () => {
    const token = await signCompact({ actor: 'jws-actor' }, myService.privateKey);
    const inbound = await inboundContext({ headers: { ...verified(myService), 'x-principal': token } }, ingress);
    expect(inbound.subject).toBe('my-service');
    expect(inbound.identity.principal).toEqual({ actor: 'jws-actor' });
    expect(inbound.principal?.signed).toBe(true);
  });

  it('two mTLS requests with the same principal make one ACL call; impersonated ones are cached apart', async () => {
    const { authenticator, calls } = fakeAuthenticator();
    const validator = new InboundValidator({ authenticator, ...ingress });
    const principal = encodePrincipalHeader({ actor: 'u' });
    const compute = await ca.issueClient('compute-service');
    const regionService = await ca.issueClient('region-service');
    const send = (issued: IssuedCertificate, impersonate: boolean) =>
      validator.authenticate({
        headers: { ...verified(issued), 'x-principal': principal, ...(impersonate ? { 'x-impersonate': 'true' } : {}) },
      });
    await send(compute, false);
    await send(compute, false);
    expect(calls.getACL).toHaveLength(1);
    await send(compute, true);
    await send(compute, true);
    expect(calls.getACL).toHaveLength(2);
    await send(regionService, true);
    expect(calls.getACL).toHaveLength(3);
  });

  it('extracts the incoming W3C trace context so outbound requests continue the same trace', async () => {
    registerTracing();
    const traceId = '0123456789abcdef0123456789abcdef';
    const headers = {
      ...verified(certC),
      'x-principal': encodePrincipalHeader({ actor: 'u' }),
      traceparent: `00-${traceId}-0123456789abcdef-01`,
    };
    const outbound = await runWithInboundContext(
      { headers },
      async () => {
        expect(trace.getActiveSpan()?.spanContext().traceId).toBe(traceId);
        const request = { method: 'GET', url: new URL('https://x.test'), headers: {} as Record<string, string> };
        await traceContextMutator()(request, {});
        return request.headers;
      },
      ingress,
    );
    expect(outbound).toEqual({ traceparent: `00-${traceId}-0123456789abcdef-01` });
  });
});
