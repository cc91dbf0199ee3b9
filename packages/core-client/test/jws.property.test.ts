/**
 * Property tests of `verifyAndDecode`: without the signer's private key and the exact algorithm for its key type,
 * no token is ever accepted, and every rejection is a typed {@link UnikornError} with a fixed message.
 *
 * fast-check prints `{ seed, path }` with the counterexample on failure; replay with `FC_SEED=<seed> FC_PATH=<path>`.
 */

import {
  constants,
  createHmac,
  createPrivateKey,
  type KeyObject,
  sign as nodeSign,
  X509Certificate,
} from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { CertificateAuthority, type KeyType } from '@unikorn-cloud/testkit';
import fc from 'fast-check';
import { JWSError, KeyError, UnikornError, UnsupportedKeyTypeError } from '../src/errors/errors';
import { signCompact, verifyAndDecode } from '../src/jws/jws';
import type { SigningAlgorithm } from '../src/jws/signingAlgorithm';

function runSettings<T>(): fc.Parameters<T> {
  const seed = process.env.FC_SEED;
  return seed === undefined ? { numRuns: 1000 } : { numRuns: 1000, seed: Number(seed), path: process.env.FC_PATH };
}

type IdentityKeyType = Extract<KeyType, 'rsa-2048' | 'ec-p256' | 'ec-p384'>;

interface Identity {
  keyType: IdentityKeyType;
  alg: SigningAlgorithm;
  certificatePem: string;
  certificate: X509Certificate;
  privateKey: KeyObject;
  /** Tokens signed by this identity in beforeAll, with their payloads. */
  tokens: { token: string; payload: unknown }[];
}

const keyTypes: [IdentityKeyType, SigningAlgorithm][] = [
  ['rsa-2048', 'PS512'],
  ['ec-p256', 'ES256'],
  ['ec-p384', 'ES384'],
];

const payloads: unknown[] = [
  { organizationId: 'org-1', projectId: 'project-1', actor: 'someone@example.com' },
  { actor: '<script>&' },
  {},
  ['not', 'an', 'object'],
];

// Every message verifyAndDecode may produce: fixed texts, so never token, key or certificate content.
const jwsMessages = new Set([
  'jws error: invalid compact serialization',
  'jws error: signature algorithm not allowed',
  'jws error: signature verification failed',
  'jws error: verification failed',
  'jws error: payload is not valid JSON',
]);

let identities: Identity[] = [];
/** Same key types as `identities`, different keys: must never verify the others' tokens. */
let strangers: Identity[] = [];
let ed25519CertificatePem = '';

async function issueIdentity(ca: CertificateAuthority, keyType: IdentityKeyType, alg: SigningAlgorithm) {
  const issued = await ca.issueClient(`signer-${keyType}`, { keyType });
  const privateKey = createPrivateKey(issued.privateKeyPem);
  const tokens = [];
  for (const payload of payloads) {
    tokens.push({ token: await signCompact(payload, privateKey), payload });
  }
  return {
    keyType,
    alg,
    certificatePem: issued.certificatePem,
    certificate: new X509Certificate(issued.certificatePem),
    privateKey,
    tokens,
  };
}

beforeAll(async () => {
  const ca = await CertificateAuthority.create({ commonName: 'jws-property-ca' });
  identities = await Promise.all(keyTypes.map(([keyType, alg]) => issueIdentity(ca, keyType, alg)));
  strangers = await Promise.all(keyTypes.map(([keyType, alg]) => issueIdentity(ca, keyType, alg)));
  ed25519CertificatePem = (await ca.issueClient('ed25519', { keyType: 'ed25519' })).certificatePem;
});

type Outcome = { accepted: true; value: unknown } | { accepted: false; error: UnikornError };

/** Runs verifyAndDecode; anything thrown that is not a UnikornError is re-thrown and fails the property. */
async function verify(token: string, certificate: X509Certificate | string): Promise<Outcome> {
  try {
    return { accepted: true, value: await verifyAndDecode(token, certificate) };
  } catch (error) {
    if (!(error instanceof UnikornError)) {
      throw error;
    }
    return { accepted: false, error };
  }
}

/** Asserts a rejection as JWSError with one of the fixed messages. */
function expectJWSRejection(outcome: Outcome): void {
  if (outcome.accepted) {
    throw new Error(`token was accepted: ${JSON.stringify(outcome.value)}`);
  }
  expect(outcome.error).toBeInstanceOf(JWSError);
  expect(jwsMessages).toContain(outcome.error.message);
}

const b64url = (data: string | Uint8Array): string => Buffer.from(data).toString('base64url');

const base64urlText = fc.string({
  unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
});

/** Any index into the identities, chosen by fast-check (they only exist after beforeAll). */
const identityIndex = fc.integer({ min: 0, max: keyTypes.length - 1 });
const tokenIndex = fc.integer({ min: 0, max: payloads.length - 1 });

/** A certificate in one of the two accepted forms. */
const certificateForm = fc.boolean();
const certificateOf = (identity: Identity, asPem: boolean) => (asPem ? identity.certificatePem : identity.certificate);

describe('verifyAndDecode properties', () => {
  it('accepts the untouched tokens signed in beforeAll (the properties below can fail)', async () => {
    for (const identity of identities) {
      for (const { token, payload } of identity.tokens) {
        await expect(verifyAndDecode(token, identity.certificate)).resolves.toEqual(payload);
      }
    }
  });

  it('rejects arbitrary strings with a JWSError', async () => {
    const arbitraryToken = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.tuple(base64urlText, base64urlText, base64urlText).map((parts) => parts.join('.')),
      fc
        .tuple(
          fc.constantFrom('PS512', 'ES256', 'ES384', 'none', 'HS256', 'RS256', ''),
          fc.jsonValue({ maxDepth: 2 }),
          fc.uint8Array({ maxLength: 300 }),
        )
        .map(([alg, body, signature]) =>
          [b64url(JSON.stringify({ alg })), b64url(JSON.stringify(body) ?? ''), b64url(signature)].join('.'),
        ),
    );
    await fc.assert(
      fc.asyncProperty(arbitraryToken, identityIndex, certificateForm, async (token, index, asPem) => {
        expectJWSRejection(await verify(token, certificateOf(identities[index], asPem)));
      }),
      runSettings(),
    );
  });

  it('rejects valid tokens whose header or payload text was changed', async () => {
    const mutation = fc.record({
      identity: identityIndex,
      token: tokenIndex,
      segment: fc.constantFrom(0, 1),
      position: fc.nat(),
      kind: fc.constantFrom('replace', 'insert', 'delete'),
      character: fc.oneof(
        fc.constantFrom(...'AQgw-_=.+/ \n'),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      ),
    });
    await fc.assert(
      fc.asyncProperty(mutation, certificateForm, async (m, asPem) => {
        const identity = identities[m.identity];
        const parts = identity.tokens[m.token].token.split('.');
        const segment = parts[m.segment];
        const at = m.position % (segment.length + 1);
        const changed =
          m.kind === 'insert'
            ? segment.slice(0, at) + m.character + segment.slice(at)
            : m.kind === 'delete'
              ? segment.slice(0, at) + segment.slice(at + 1)
              : segment.slice(0, at) + m.character + segment.slice(at + 1);
        fc.pre(changed !== segment);
        parts[m.segment] = changed;
        expectJWSRejection(await verify(parts.join('.'), certificateOf(identity, asPem)));
      }),
      runSettings(),
    );
  });

  it('rejects valid tokens whose signature bytes were changed, truncated or extended', async () => {
    const mutation = fc.record({
      identity: identityIndex,
      token: tokenIndex,
      position: fc.nat(),
      xor: fc.integer({ min: 1, max: 255 }),
      kind: fc.constantFrom('flip', 'truncate', 'extend', 'zero'),
      extra: fc.uint8Array({ minLength: 1, maxLength: 8 }),
    });
    await fc.assert(
      fc.asyncProperty(mutation, certificateForm, async (m, asPem) => {
        const identity = identities[m.identity];
        const [header, body, signature] = identity.tokens[m.token].token.split('.');
        const bytes = Buffer.from(signature, 'base64url');
        const at = m.position % bytes.length;
        let changed: Buffer;
        switch (m.kind) {
          case 'flip':
            changed = Buffer.from(bytes);
            changed[at] ^= m.xor;
            break;
          case 'truncate':
            changed = bytes.subarray(0, at);
            break;
          case 'extend':
            changed = Buffer.concat([bytes, m.extra]);
            break;
          default:
            changed = Buffer.alloc(bytes.length);
        }
        expectJWSRejection(await verify(`${header}.${body}.${b64url(changed)}`, certificateOf(identity, asPem)));
      }),
      runSettings(),
    );
  });

  it('rejects valid tokens under a substituted protected header', async () => {
    const header = fc.record(
      {
        alg: fc.oneof(fc.constantFrom('PS512', 'ES256', 'ES384', 'none', 'HS256', 'RS256', 'EdDSA'), fc.string()),
        kid: fc.string(),
        typ: fc.constantFrom('JWT', 'JOSE'),
        crit: fc.array(fc.string(), { maxLength: 2 }),
        b64: fc.boolean(),
      },
      { requiredKeys: ['alg'] },
    );
    await fc.assert(
      fc.asyncProperty(identityIndex, tokenIndex, header, certificateForm, async (index, token, substitute, asPem) => {
        const identity = identities[index];
        const [original, body, signature] = identity.tokens[token].token.split('.');
        const replaced = b64url(JSON.stringify(substitute));
        fc.pre(replaced !== original);
        expectJWSRejection(await verify(`${replaced}.${body}.${signature}`, certificateOf(identity, asPem)));
      }),
      runSettings(),
    );
  });

  it('accepts exactly the tokens signed by the certificate key with its own algorithm (alg none, HS*, RS*, PS256, case variants and cross-key signatures rejected)', async () => {
    const craftedAlgorithms = [
      'PS512',
      'ES256',
      'ES384',
      'none',
      'HS256',
      'HS512',
      'RS256',
      'RS512',
      'PS256',
      'ps512',
      'es256',
      'PS512 ',
    ] as const;
    type CraftedAlgorithm = (typeof craftedAlgorithms)[number];
    const hmacSecrets = ['certificate-pem', 'spki-pem', 'spki-der', 'empty'] as const;

    // Signs `input` for `alg` with node:crypto, using `signer`'s key or (HS*) a secret derived from the verifier.
    const signature = (alg: CraftedAlgorithm, input: string, signer: Identity, verifier: Identity, secret: string) => {
      const data = Buffer.from(input);
      const normalized = alg.trim().toUpperCase();
      if (normalized === 'NONE') {
        return Buffer.alloc(0);
      }
      if (normalized.startsWith('HS')) {
        const key =
          secret === 'certificate-pem'
            ? verifier.certificatePem
            : secret === 'spki-pem'
              ? verifier.certificate.publicKey.export({ type: 'spki', format: 'pem' })
              : secret === 'spki-der'
                ? verifier.certificate.publicKey.export({ type: 'spki', format: 'der' })
                : '';
        return createHmac(`sha${normalized.slice(2)}`, key)
          .update(data)
          .digest();
      }
      const hash = `sha${normalized.slice(2)}`;
      if (signer.keyType === 'rsa-2048') {
        const padding = normalized.startsWith('PS') ? constants.RSA_PKCS1_PSS_PADDING : constants.RSA_PKCS1_PADDING;
        return nodeSign(hash, data, { key: signer.privateKey, padding, saltLength: Number(normalized.slice(2)) / 8 });
      }
      return nodeSign(hash, data, { key: signer.privateKey, dsaEncoding: 'ieee-p1363' });
    };

    const crafted = fc.record({
      signer: identityIndex,
      verifier: identityIndex,
      stranger: fc.boolean(),
      // Half the runs use the verifier's own algorithm, so acceptance is exercised as well.
      natural: fc.boolean(),
      alg: fc.constantFrom(...craftedAlgorithms),
      extras: fc.constantFrom({}, { typ: 'JWT' }, { kid: 'key-1' }, { crit: ['exp'], exp: 1 }),
      payload: fc.jsonValue({ maxDepth: 2 }),
      secret: fc.constantFrom(...hmacSecrets),
      asPem: certificateForm,
    });
    await fc.assert(
      fc.asyncProperty(crafted, async (c) => {
        const verifier = identities[c.verifier];
        const signer = c.stranger ? strangers[c.signer] : identities[c.signer];
        const alg: CraftedAlgorithm = c.natural ? verifier.alg : c.alg;
        const input = `${b64url(JSON.stringify({ alg, ...c.extras }))}.${b64url(JSON.stringify(c.payload) ?? 'null')}`;
        let token: string;
        try {
          token = `${input}.${b64url(signature(alg, input, signer, verifier, c.secret))}`;
        } catch {
          // node refuses the combination (e.g. RS256 with an EC key): nothing to verify.
          fc.pre(false);
          return;
        }
        const outcome = await verify(token, certificateOf(verifier, c.asPem));
        const expectAccepted = signer === verifier && alg === verifier.alg && !('crit' in c.extras);
        if (expectAccepted) {
          expect(outcome).toEqual({ accepted: true, value: JSON.parse(JSON.stringify(c.payload) ?? 'null') });
        } else {
          expectJWSRejection(outcome);
        }
      }),
      runSettings(),
    );
  });

  it('rejects valid tokens verified with another certificate', async () => {
    await fc.assert(
      fc.asyncProperty(
        identityIndex,
        tokenIndex,
        fc.integer({ min: 0, max: 2 * keyTypes.length }),
        certificateForm,
        async (index, token, otherIndex, asPem) => {
          const signed = identities[index].tokens[token].token;
          if (otherIndex === 2 * keyTypes.length) {
            const outcome = await verify(signed, ed25519CertificatePem);
            expect(outcome.accepted).toBe(false);
            expect(!outcome.accepted && outcome.error).toBeInstanceOf(UnsupportedKeyTypeError);
            return;
          }
          // Another key of any type: a stranger, or one of the other identities.
          const other = otherIndex < keyTypes.length ? strangers[otherIndex] : identities[otherIndex - keyTypes.length];
          fc.pre(other !== identities[index]);
          expectJWSRejection(await verify(signed, certificateOf(other, asPem)));
        },
      ),
      runSettings(),
    );
  });

  it('rejects arbitrary certificate text with a KeyError', async () => {
    const certificateText = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc
        .uint8Array({ maxLength: 800 })
        .map(
          (bytes) =>
            `-----BEGIN CERTIFICATE-----\n${Buffer.from(bytes).toString('base64')}\n-----END CERTIFICATE-----\n`,
        ),
    );
    await fc.assert(
      fc.asyncProperty(identityIndex, tokenIndex, certificateText, async (index, token, text) => {
        const outcome = await verify(identities[index].tokens[token].token, text);
        expect(outcome.accepted).toBe(false);
        if (!outcome.accepted) {
          expect(outcome.error).toBeInstanceOf(KeyError);
          expect(outcome.error.message).toBe('key error: invalid certificate');
        }
      }),
      runSettings(),
    );
  });
});
