/**
 * Property tests of the inbound side on arbitrary header values (`X-Principal`, `X-Impersonate`,
 * `Unikorn-Client-Certificate`, `Ssl-Client-Cert`, `Ssl-Client-Verify`, `Authorization`): every outcome is a valid
 * result that follows the §6/§7 precedence model, or an `InboundRequestError` with httpStatus 400/401 and a fixed
 * message — never another exception. Padded base64url never decodes as an unsigned principal.
 *
 * fast-check prints `{ seed, path }` with the counterexample on failure; replay with `FC_SEED=<seed> FC_PATH=<path>`.
 */

import type { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { signCompact } from '@unikorn-cloud/core-client';
import { CertificateAuthority, type IssuedCertificate } from '@unikorn-cloud/testkit';
import fc from 'fast-check';
import {
  ClientCertificateError,
  certificatePem,
  decodePrincipalHeader,
  encodeClientCertificate,
  extractClientCertificate,
  extractPrincipal,
  InboundRequestError,
  inboundContext,
  marshalPrincipal,
  type Principal,
  PrincipalHeaderError,
  PrincipalVerificationError,
} from '../src';

function runSettings<T>(): fc.Parameters<T> {
  const seed = process.env.FC_SEED;
  return seed === undefined ? { numRuns: 1000 } : { numRuns: 1000, seed: Number(seed), path: process.env.FC_PATH };
}

const certificateMessages = [
  'client certificate error: client certificate verification header error',
  'client certificate error: client certificate unescape failed',
  'client certificate error: client certificate not PEM encoded',
  'client certificate error: client certificate PEM encoding is not CERTIFICATE',
  'client certificate error: client certificate parse failed',
];
const principalHeaderMessage =
  /^header error: (principal header not present|impersonated principal actor missing|principal header is not valid JSON|principal is not a JSON object|principal field \w+ is not a string( array)?)$/;
const verificationMessage = /^(jws error: [a-z ]+|private key type is unsupported)$/;

let p256Caller: IssuedCertificate;
let p384Caller: IssuedCertificate;
let stranger: IssuedCertificate;
/** JWS principals: [token, signer, principal]. */
const tokens: { token: string; signer: IssuedCertificate; principal: Principal }[] = [];

const principals: Principal[] = [
  { organizationId: 'org-1', projectId: 'project-1', actor: 'someone@example.com' },
  { type: 'service', actor: 'region' },
  {},
];

beforeAll(async () => {
  const ca = await CertificateAuthority.create({ commonName: 'inbound-property-ca' });
  [p256Caller, p384Caller, stranger] = await Promise.all([
    ca.issueClient('p256-caller', { keyType: 'ec-p256' }),
    ca.issueClient('p384-caller', { keyType: 'ec-p384' }),
    ca.issueClient('stranger'),
  ]);
  for (const signer of [p256Caller, p384Caller, stranger]) {
    for (const principal of principals) {
      const token = await signCompact(JSON.parse(marshalPrincipal(principal)), signer.privateKey);
      tokens.push({ token, signer, principal });
    }
  }
});

type Outcome<T> = { ok: true; value: T } | { ok: false; error: InboundRequestError };

/** Runs `fn`; an exception that is not an InboundRequestError with a 400/401 status fails the property. */
async function attempt<T>(fn: () => T | Promise<T>, inputs: readonly string[]): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    if (!(error instanceof InboundRequestError)) {
      throw error;
    }
    expect([400, 401]).toContain(error.httpStatus);
    for (const input of inputs) {
      if (input.length >= 16) {
        expect(error.message.includes(input)).toBe(false);
      }
    }
    return { ok: false, error };
  }
}

/** A header name in random letter case (lookups are case-insensitive). */
const casing = (name: string) =>
  fc
    .array(fc.boolean(), { minLength: name.length, maxLength: name.length })
    .map((upper) => [...name].map((char, index) => (upper[index] ? char.toUpperCase() : char.toLowerCase())).join(''));

/** A header: absent, one value, or several values (Go's Header.Get and ours read the first). */
type HeaderValue = undefined | string | string[];
const header = (value: fc.Arbitrary<string>): fc.Arbitrary<HeaderValue> =>
  fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 2 },
    { arbitrary: value, weight: 6 },
    { arbitrary: fc.array(value, { minLength: 1, maxLength: 3 }), weight: 1 },
  );
const first = (value: HeaderValue): string => (Array.isArray(value) ? value[0] : (value ?? ''));

const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'binary-ascii' }));

/** Certificate header values: valid encodings, raw PEM, mutated encodings, other PEM types and arbitrary text. */
const certificateValue = fc.oneof(
  fc.constantFrom('p256', 'p384', 'stranger').map((which) => `valid:${which}`),
  fc.constantFrom('p256', 'p384').map((which) => `raw:${which}`),
  fc.tuple(fc.nat(), fc.string({ minLength: 1, maxLength: 3 })).map(([at, text]) => `mutated:${at}:${text}`),
  fc.constant('private-key'),
  anyText,
  fc
    .uint8Array({ maxLength: 150 })
    .map((bytes) => `%${Buffer.from(bytes).toString('hex').match(/../g)?.join('%') ?? ''}`),
);

const issuedBy = (which: string) => (which === 'p256' ? p256Caller : which === 'p384' ? p384Caller : stranger);

/** Turns a generated certificate value description into the header text (certificates exist only after beforeAll). */
function certificateText(value: string): string {
  const [kind, which, ...rest] = value.split(':');
  if (kind === 'valid') return encodeClientCertificate(issuedBy(which).certificate);
  if (kind === 'raw') return certificatePem(issuedBy(which).certificate);
  if (kind === 'mutated') {
    const encoded = encodeClientCertificate(p256Caller.certificate);
    const at = Number(which) % encoded.length;
    return encoded.slice(0, at) + rest.join(':') + encoded.slice(at + 1);
  }
  if (value === 'private-key') return encodeURIComponent(p256Caller.privateKeyPem);
  return value;
}
const mapHeader = (value: HeaderValue, map: (text: string) => string): HeaderValue =>
  value === undefined ? undefined : Array.isArray(value) ? value.map(map) : map(value);

/** Unpadded base64url of arbitrary JSON, of a principal, padded/standard base64, JWS values and arbitrary text. */
const principalObject = fc.record(
  {
    organizationId: fc.string(),
    organizationIds: fc.array(fc.string(), { maxLength: 2 }),
    projectId: fc.string(),
    type: fc.constantFrom('user', 'service', 'system'),
    actor: fc.string(),
  },
  { requiredKeys: [] },
);
type PrincipalValue =
  | { kind: 'text'; text: string }
  | { kind: 'unpadded-json'; json: unknown }
  | { kind: 'unpadded-principal'; principal: Principal }
  | { kind: 'padded-principal'; principal: Principal }
  | { kind: 'standard-base64'; principal: Principal }
  | { kind: 'jws'; index: number; tamper?: number };
const principalValue: fc.Arbitrary<PrincipalValue> = fc.oneof(
  anyText.map((text) => ({ kind: 'text' as const, text })),
  fc.jsonValue({ maxDepth: 2 }).map((json) => ({ kind: 'unpadded-json' as const, json })),
  principalObject.map((principal) => ({ kind: 'unpadded-principal' as const, principal })),
  principalObject.map((principal) => ({ kind: 'padded-principal' as const, principal })),
  principalObject.map((principal) => ({ kind: 'standard-base64' as const, principal })),
  fc
    .record({ index: fc.nat({ max: 8 }), tamper: fc.option(fc.nat(), { nil: undefined }) })
    .map(({ index, tamper }) => ({ kind: 'jws' as const, index, tamper })),
);

function principalText(value: PrincipalValue): string {
  switch (value.kind) {
    case 'text':
      return value.text;
    case 'unpadded-json':
      return Buffer.from(JSON.stringify(value.json)).toString('base64url');
    case 'unpadded-principal':
      return Buffer.from(JSON.stringify(value.principal)).toString('base64url');
    case 'padded-principal': {
      const text = Buffer.from(JSON.stringify(value.principal)).toString('base64url');
      return text + '='.repeat((4 - (text.length % 4)) % 4);
    }
    case 'standard-base64':
      return Buffer.from(JSON.stringify(value.principal)).toString('base64');
    case 'jws': {
      const { token } = tokens[value.index];
      if (value.tamper === undefined) return token;
      // Flip one character of the signing input (header or payload): the signature no longer matches.
      let at = value.tamper % token.lastIndexOf('.');
      if (token[at] === '.') at -= 1;
      const flipped = token[at] === 'A' ? 'B' : 'A';
      return token.slice(0, at) + flipped + token.slice(at + 1);
    }
  }
}

const unpaddedBase64url = (text: string) => /^[A-Za-z0-9_-]*$/.test(text) && text.length % 4 !== 1;

/** Go `json.Unmarshal` into the principal struct, then `omitempty`: the expected unsigned principal. */
function expectedPrincipal(principal: Principal): Principal {
  return JSON.parse(marshalPrincipal(principal));
}

describe('extractClientCertificate properties', () => {
  it('UPSTREAM §6 relay header → verified Ssl-Client-Cert → none, or a ClientCertificateError (400)', async () => {
    const headers = fc.record({
      relayName: casing('Unikorn-Client-Certificate'),
      relay: header(certificateValue),
      sslName: casing('Ssl-Client-Cert'),
      ssl: header(certificateValue),
      verifyName: casing('Ssl-Client-Verify'),
      verify: header(fc.oneof(fc.constantFrom('SUCCESS', 'success', 'FAILED:unable to verify', 'NONE', ''), anyText)),
    });
    await fc.assert(
      fc.asyncProperty(headers, async (h) => {
        const relay = mapHeader(h.relay, certificateText);
        const ssl = mapHeader(h.ssl, certificateText);
        const input = { [h.relayName]: relay, [h.sslName]: ssl, [h.verifyName]: h.verify };
        const outcome = await attempt(() => extractClientCertificate(input), [first(relay), first(ssl)]);
        if (!outcome.ok) {
          expect(outcome.error).toBeInstanceOf(ClientCertificateError);
          expect(outcome.error.httpStatus).toBe(400);
          expect(certificateMessages).toContain(outcome.error.message);
        }
        if (first(relay) !== '') {
          // The relay header wins and is passed on verbatim; Ssl-Client-* are not consulted.
          if (outcome.ok) {
            expect(outcome.value).toMatchObject({ provenance: 'relayed-header', value: first(relay) });
          } else {
            expect(outcome.error.message).not.toBe(certificateMessages[0]);
          }
          if (h.relay !== undefined && /^valid:/.test(first(h.relay))) {
            expect(outcome.ok && outcome.value?.certificate.fingerprint256).toBe(
              issuedBy(first(h.relay).split(':')[1]).certificate.fingerprint256,
            );
          }
        } else if (first(ssl) !== '') {
          if (first(h.verify) !== 'SUCCESS') {
            expect(outcome).toMatchObject({ ok: false, error: { message: certificateMessages[0] } });
          } else if (outcome.ok) {
            expect(outcome.value).toMatchObject({ provenance: 'terminated-header', value: first(ssl) });
          }
        } else {
          expect(outcome).toEqual({ ok: true, value: undefined });
        }
      }),
      runSettings(),
    );
  });
});

describe('extractPrincipal properties', () => {
  it('UPSTREAM §7 unsigned base64url, verified JWS, or an InboundRequestError (400) for arbitrary X-Principal/X-Impersonate', async () => {
    const input = fc.record({
      caller: fc.constantFrom('none', 'p256', 'p384'),
      principalName: casing('X-Principal'),
      principal: fc.option(principalValue, { nil: undefined, freq: 8 }),
      impersonateName: casing('X-Impersonate'),
      impersonate: header(fc.oneof(fc.constantFrom('true', 'TRUE', 'True', 'false', '1', ' true'), anyText)),
    });
    await fc.assert(
      fc.asyncProperty(input, async (i) => {
        const caller: X509Certificate | undefined = i.caller === 'none' ? undefined : issuedBy(i.caller).certificate;
        const value = i.principal === undefined ? '' : principalText(i.principal);
        const headers = {
          [i.principalName]: i.principal === undefined ? undefined : value,
          [i.impersonateName]: i.impersonate,
        };
        const outcome = await attempt(() => extractPrincipal(headers, caller), [value]);

        if (caller === undefined) {
          expect(outcome).toEqual({ ok: true, value: undefined });
          return;
        }
        if (!outcome.ok) {
          expect(outcome.error.httpStatus).toBe(400);
          if (outcome.error instanceof PrincipalVerificationError) {
            expect(outcome.error.message).toMatch(verificationMessage);
          } else {
            expect(outcome.error).toBeInstanceOf(PrincipalHeaderError);
            expect(outcome.error.message).toMatch(principalHeaderMessage);
          }
        }
        if (value === '') {
          expect(outcome).toMatchObject({
            ok: false,
            error: { message: 'header error: principal header not present' },
          });
          return;
        }
        const impersonate = first(i.impersonate) === 'true';
        if (unpaddedBase64url(value)) {
          // Unsigned path: never verified, X-Impersonate honoured.
          expect(!outcome.ok && outcome.error).not.toBeInstanceOf(PrincipalVerificationError);
          if (outcome.ok) {
            expect(outcome.value).toMatchObject({ signed: false, impersonate });
            if (impersonate) expect(outcome.value?.principal.actor).toBeTruthy();
          }
          if (i.principal?.kind === 'unpadded-principal') {
            const expected = expectedPrincipal(i.principal.principal);
            if (impersonate && expected.actor === undefined) {
              expect(outcome).toMatchObject({
                ok: false,
                error: { message: 'header error: impersonated principal actor missing' },
              });
            } else {
              expect(outcome).toEqual({ ok: true, value: { principal: expected, impersonate, signed: false } });
            }
          }
          return;
        }
        // Signed path: only an untouched JWS from the caller's own key verifies; X-Impersonate is ignored.
        const jws = i.principal?.kind === 'jws' ? tokens[i.principal.index] : undefined;
        const verifies = jws !== undefined && i.principal?.kind === 'jws' && i.principal.tamper === undefined;
        if (verifies && jws.signer.certificate === caller) {
          expect(outcome).toEqual({
            ok: true,
            value: { principal: expectedPrincipal(jws.principal), impersonate: false, signed: true },
          });
        } else {
          expect(outcome.ok).toBe(false);
          expect(!outcome.ok && outcome.error).toBeInstanceOf(PrincipalVerificationError);
        }
      }),
      runSettings(),
    );
  });

  it('UPSTREAM #55 padded or standard base64 never decodes as an unsigned principal', async () => {
    const encoding = fc.constantFrom('padded', 'standard');
    await fc.assert(
      fc.asyncProperty(principalObject, encoding, fc.constantFrom('p256', 'p384'), async (principal, how, which) => {
        const value = principalText({ kind: how === 'padded' ? 'padded-principal' : 'standard-base64', principal });
        fc.pre(!unpaddedBase64url(value));
        const headers = { 'X-Principal': value, 'X-Impersonate': 'true' };
        const outcome = await attempt(() => extractPrincipal(headers, issuedBy(which).certificate), [value]);
        expect(outcome.ok).toBe(false);
        expect(!outcome.ok && outcome.error).toBeInstanceOf(PrincipalVerificationError);
        expect(() => decodePrincipalHeader(value)).toThrow(PrincipalHeaderError);
      }),
      runSettings(),
    );
  });
});

describe('inboundContext properties', () => {
  it('any mix of inbound headers gives an identity or an InboundRequestError with httpStatus 400/401', async () => {
    const headers = fc.record({
      relay: header(certificateValue),
      ssl: header(certificateValue),
      verify: header(fc.oneof(fc.constant('SUCCESS'), anyText)),
      principal: fc.option(principalValue, { nil: undefined }),
      impersonate: header(fc.oneof(fc.constant('true'), anyText)),
      authorization: header(fc.oneof(fc.constant('bearer token'), anyText)),
    });
    await fc.assert(
      fc.asyncProperty(headers, async (h) => {
        const principal = h.principal === undefined ? undefined : principalText(h.principal);
        const request = {
          headers: {
            'unikorn-client-certificate': mapHeader(h.relay, certificateText),
            'ssl-client-cert': mapHeader(h.ssl, certificateText),
            'ssl-client-verify': h.verify,
            'x-principal': principal,
            'x-impersonate': h.impersonate,
            authorization: h.authorization,
          },
        };
        const outcome = await attempt(() => inboundContext(request), [principal ?? '']);
        if (outcome.ok) {
          // A principal is only taken from a request whose immediate caller presented a certificate.
          if (outcome.value.principal !== undefined) {
            expect(outcome.value.callerCertificate).toBeDefined();
          }
          expect(outcome.value.identity.clientCertificate).toBe(outcome.value.clientCertificate?.value);
        } else if (outcome.error.httpStatus === 401) {
          expect(first(h.authorization)).toBe('');
        }
      }),
      runSettings(),
    );
  });
});
