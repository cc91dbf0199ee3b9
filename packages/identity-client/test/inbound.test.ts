import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { trace } from '@opentelemetry/api';
import { signCompact } from '@unikorn-cloud/core-client';
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

describe('extractClientCertificate', () => {
  it('UPSTREAM #41 TLS peer A and relay header B give A (verified-peer)', () => {
    const result = extractClientCertificate(
      { 'unikorn-client-certificate': relay(certB) },
      { peerCertificate: certA.certificate },
    );
    expect(result?.provenance).toBe('verified-peer');
    expect(result?.certificate.fingerprint256).toBe(certA.certificate.fingerprint256);
    expect(result?.value).toBe(queryEscape(certificatePem(certA.certificate)));
    expect(parseClientCertificate(result?.value ?? '').fingerprint256).toBe(certA.certificate.fingerprint256);
  });

  it('UPSTREAM #41 no TLS and relay B give B verbatim (relayed-header)', () => {
    const value = relay(certB);
    const result = extractClientCertificate({ 'Unikorn-Client-Certificate': value });
    expect(result).toMatchObject({ value, provenance: 'relayed-header' });
    expect(result?.certificate.fingerprint256).toBe(certB.certificate.fingerprint256);
  });

  it('UPSTREAM #41 no TLS, relay B and verified Ssl-Client-Cert C give B', () => {
    const headers = new Headers({
      'Unikorn-Client-Certificate': relay(certB),
      'Ssl-Client-Cert': relay(certC),
      'Ssl-Client-Verify': 'SUCCESS',
    });
    expect(extractClientCertificate(headers)?.certificate.fingerprint256).toBe(certB.certificate.fingerprint256);
    expect(extractCallerCertificate(headers)?.fingerprint256).toBe(certC.certificate.fingerprint256);
  });

  it('UPSTREAM #41 nothing gives no error and no certificate', () => {
    expect(extractClientCertificate({})).toBeUndefined();
    expect(extractCallerCertificate({})).toBeUndefined();
  });

  it('a verified Ssl-Client-Cert alone gives that certificate (terminated-header)', () => {
    const value = relay(certC);
    const result = extractClientCertificate({ 'ssl-client-cert': value, 'ssl-client-verify': 'SUCCESS' });
    expect(result).toMatchObject({ value, provenance: 'terminated-header' });
  });

  it('UPSTREAM #43 Ssl-Client-Cert without a verify header, or with a verify header other than SUCCESS, is a 400', () => {
    const unverified = () => extractClientCertificate({ 'ssl-client-cert': 'cat' });
    expect(unverified).toThrow(ClientCertificateError);
    expect(unverified).toThrow('client certificate error: client certificate verification header error');
    const failed = () => extractClientCertificate({ 'ssl-client-cert': relay(certC), 'ssl-client-verify': 'FAILED:x' });
    expect(failed).toThrow('client certificate error: client certificate verification header error');
    const lowercase = () =>
      extractClientCertificate({ 'ssl-client-cert': relay(certC), 'ssl-client-verify': 'success' });
    expect(lowercase).toThrow(ClientCertificateError);
    try {
      unverified();
    } catch (error) {
      expect(inboundErrorResponse(error)).toEqual({
        status: 400,
        body: { error: 'invalid_request', error_description: 'certificate propagation failure' },
      });
    }
  });

  it('UPSTREAM #43 through inboundContext: unverified Ssl-Client-Cert is rejected with httpStatus 400', async () => {
    await expect(inboundContext({ headers: { 'ssl-client-cert': 'cat' } })).rejects.toMatchObject({ httpStatus: 400 });
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
    // ingress-nginx style: unescaped spaces and newlines as %20 / %0A both work.
    expect(parseClientCertificate(encodeURIComponent(certA.certificatePem)).fingerprint256).toBe(
      certA.certificate.fingerprint256,
    );
  });

  it('query escaping matches Go url.QueryEscape / QueryUnescape', () => {
    expect(queryEscape("a b+c/=\n-_.~!*'()é")).toBe('a+b%2Bc%2F%3D%0A-_.~%21%2A%27%28%29%C3%A9');
    expect(queryUnescape('a+b%2Bc%2f%3D%0A%C3%A9')).toBe('a b+c/=\né');
    expect(queryUnescape('%')).toBeUndefined();
    expect(queryUnescape('%4')).toBeUndefined();
  });
});

describe('extractPrincipal', () => {
  const caller = () => myService.certificate;

  it('without a caller certificate the principal headers are not trusted', async () => {
    expect(await extractPrincipal({ 'x-principal': encodePrincipalHeader({ actor: 'a' }) }, undefined)).toBeUndefined();
  });

  it('UPSTREAM #45 verified caller and no X-Principal is a 400 header error', async () => {
    const missing = extractPrincipal({}, caller());
    await expect(missing).rejects.toThrow(PrincipalHeaderError);
    await expect(extractPrincipal({}, caller())).rejects.toThrow('header error: principal header not present');
    await expect(extractPrincipal({}, caller())).rejects.toMatchObject({
      httpStatus: 400,
      errorCode: 'invalid_request',
    });
  });

  it('UPSTREAM #46 a PS512 JWS principal signed by the caller key verifies; actor comes from the JWS', async () => {
    const token = await signCompact({ organizationId: 'org', actor: 'jws-actor' }, myService.privateKey);
    expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())).toEqual({ alg: 'PS512' });
    const result = await extractPrincipal({ 'X-Principal': token, 'X-Impersonate': 'true' }, caller());
    expect(result).toEqual({
      principal: { organizationId: 'org', actor: 'jws-actor' },
      impersonate: false,
      signed: true,
    });
  });

  it('UPSTREAM #46 a JWS is verified against the immediate caller, not the relayed certificate', async () => {
    const token = await signCompact({ actor: 'x' }, certA.privateKey);
    const headers = { 'x-principal': token, 'unikorn-client-certificate': relay(certA) };
    await expect(extractPrincipal(headers, certB.certificate)).rejects.toThrow(PrincipalVerificationError);
    await expect(extractPrincipal(headers, certB.certificate)).rejects.toMatchObject({ httpStatus: 400 });
    expect((await extractPrincipal(headers, certA.certificate))?.principal).toEqual({ actor: 'x' });
  });

  it('UPSTREAM #47 a base64url principal {type:user, actor} is accepted', async () => {
    const header = encodePrincipalHeader({ type: 'user', actor: 'user@example.com' });
    expect(await extractPrincipal({ 'x-principal': header }, caller())).toEqual({
      principal: { type: 'user', actor: 'user@example.com' },
      impersonate: false,
      signed: false,
    });
  });

  it('UPSTREAM #48 X-Impersonate: true without an actor is a 400; with an actor it flags impersonation', async () => {
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

  it('UPSTREAM #55 padded base64url is treated as a JWS and rejected (400)', async () => {
    const padded = Buffer.from('{"actor":"ab"}').toString('base64url').concat('==');
    const attempt = extractPrincipal({ 'x-principal': padded }, caller());
    await expect(attempt).rejects.toThrow(PrincipalVerificationError);
    await expect(extractPrincipal({ 'x-principal': padded }, caller())).rejects.toThrow(/^jws error/);
    await expect(extractPrincipal({ 'x-principal': padded }, caller())).rejects.toMatchObject({ httpStatus: 400 });
  });
});

describe('inboundContext / runWithInboundContext', () => {
  it('UPSTREAM #44 only Unikorn-Client-Certificate (no Authorization, no Ssl-Client-Cert) is a 401', async () => {
    const attempt = inboundContext({ headers: { 'unikorn-client-certificate': relay(certA) } });
    await expect(attempt).rejects.toThrow(AccessDeniedError);
    await expect(inboundContext({ headers: { 'unikorn-client-certificate': relay(certA) } })).rejects.toMatchObject({
      httpStatus: 401,
      errorCode: 'access_denied',
      message: 'authorization header missing',
    });
  });

  it('a bearer-authenticated request passes without a principal; allowAnonymous admits anything', async () => {
    const bearer = await inboundContext({ headers: { authorization: 'bearer t' } });
    expect(bearer.identity.principal).toBeUndefined();
    expect((await inboundContext({ headers: {} }, { allowAnonymous: true })).identity).toMatchObject({});
  });

  it('UPSTREAM #46 through inboundContext: subject my-service from the verified certificate, principal from the JWS', async () => {
    const token = await signCompact({ actor: 'jws-actor' }, myService.privateKey);
    const inbound = await inboundContext({
      headers: { 'ssl-client-cert': relay(myService), 'ssl-client-verify': 'SUCCESS', 'x-principal': token },
    });
    expect(inbound.subject).toBe('my-service');
    expect(inbound.identity.principal).toEqual({ actor: 'jws-actor' });
    expect(inbound.principal?.signed).toBe(true);
  });

  it('UPSTREAM #47 via an ingress-verified caller the principal and relayed certificate land in the identity context', async () => {
    const headers = {
      'ssl-client-cert': relay(certC),
      'ssl-client-verify': 'SUCCESS',
      'unikorn-client-certificate': relay(certA),
      'x-principal': encodePrincipalHeader({ type: 'user', actor: 'u' }),
    };
    const inbound = await inboundContext({ headers });
    expect(inbound.identity).toMatchObject({
      principal: { type: 'user', actor: 'u' },
      clientCertificate: relay(certA),
    });
    expect(inbound.callerCertificate?.fingerprint256).toBe(certC.certificate.fingerprint256);
    expect(inbound.clientCertificate?.provenance).toBe('relayed-header');
  });

  it('extracts the incoming W3C trace context so outbound requests continue the same trace', async () => {
    registerTracing();
    const traceId = '0123456789abcdef0123456789abcdef';
    const headers = {
      'ssl-client-cert': relay(certC),
      'ssl-client-verify': 'SUCCESS',
      'x-principal': encodePrincipalHeader({ actor: 'u' }),
      traceparent: `00-${traceId}-0123456789abcdef-01`,
    };
    const outbound = await runWithInboundContext({ headers }, async () => {
      expect(trace.getActiveSpan()?.spanContext().traceId).toBe(traceId);
      const request = { method: 'GET', url: new URL('https://x.test'), headers: {} as Record<string, string> };
      await traceContextMutator()(request, {});
      return request.headers;
    });
    expect(outbound).toEqual({ traceparent: `00-${traceId}-0123456789abcdef-01` });
  });
});
