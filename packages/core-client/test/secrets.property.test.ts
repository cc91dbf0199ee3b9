/**
 * Property tests of the Secret parsers: whatever `tls.crt` / `tls.key` hold, `parseClientCredential` either returns
 * a checked credential or throws a SecretFormatError with a fixed message (never the input), and
 * `parseCertificatePool` never throws and keeps exactly the certificates that parse.
 *
 * fast-check prints `{ seed, path }` with the counterexample on failure; replay with `FC_SEED=<seed> FC_PATH=<path>`.
 */

import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { CertificateAuthority, type IssuedCertificate } from '@unikorn-cloud/testkit';
import fc from 'fast-check';
import type { ClientCredential } from '../src/credentials/clientCredential';
import { parseCertificatePool, parseClientCredential } from '../src/credentials/secret/secrets';
import { SecretFormatError } from '../src/errors/errors';

function runSettings<T>(): fc.Parameters<T> {
  const seed = process.env.FC_SEED;
  return seed === undefined ? { numRuns: 1000 } : { numRuns: 1000, seed: Number(seed), path: process.env.FC_PATH };
}

const messages = {
  invalidCertificate: 'secret incorrectly formatted: certificate tls.crt holds an invalid certificate',
  noCertificate: 'secret incorrectly formatted: certificate tls.crt holds no certificate',
  invalidKey: 'secret incorrectly formatted: certificate tls.key is not a valid private key',
  mismatch: 'secret incorrectly formatted: certificate tls.key does not match tls.crt',
} as const;
const allMessages: readonly string[] = Object.values(messages);

type Outcome = { ok: true; credential: ClientCredential } | { ok: false; error: SecretFormatError };

/** The message of an error and of its whole cause chain (stacks are covered by identity's secretsHygiene test). */
function errorTexts(error: unknown): string[] {
  const texts: string[] = [];
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    texts.push(String(current));
    if (current instanceof Error) {
      texts.push(current.message);
      current = current.cause;
    } else {
      break;
    }
  }
  return texts;
}

/** Parses; a thrown error that is not a SecretFormatError with a fixed message, or that quotes an input, fails. */
function parse(certificatePem: string, keyPem: string): Outcome {
  try {
    return { ok: true, credential: parseClientCredential(certificatePem, keyPem) };
  } catch (error) {
    if (!(error instanceof SecretFormatError)) {
      throw error;
    }
    expect(allMessages).toContain(error.message);
    for (const input of [certificatePem, keyPem]) {
      if (input.trim().length >= 16) {
        for (const text of errorTexts(error)) {
          expect(text.includes(input)).toBe(false);
        }
      }
    }
    return { ok: false, error };
  }
}

/** Random bytes read the way a Secret data entry is (base64-decoded, then UTF-8). */
const secretBytes = fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes).toString('utf8'));
const arbitraryText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), secretBytes);

/** A PEM block whose body is random base64 (64-character lines), like Go's pem.Encode writes. */
const armouredGarbage = (type: string) =>
  fc.uint8Array({ maxLength: 600 }).map((bytes) => {
    const lines =
      Buffer.from(bytes)
        .toString('base64')
        .match(/.{1,64}/g) ?? [];
    return `-----BEGIN ${type}-----\n${lines.join('\n')}\n-----END ${type}-----\n`;
  });

const keyTypes = ['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY'] as const;

let rsa: IssuedCertificate;
let ec: IssuedCertificate;
let rsaPkcs1 = '';
let ecSec1 = '';

beforeAll(async () => {
  const ca = await CertificateAuthority.create({ commonName: 'secrets-property-ca' });
  rsa = await ca.issueClient('rsa-client', { keyType: 'rsa-2048' });
  ec = await ca.issueClient('ec-client', { keyType: 'ec-p256' });
  rsaPkcs1 = createPrivateKey(rsa.privateKeyPem).export({ type: 'pkcs1', format: 'pem' }).toString();
  ecSec1 = createPrivateKey(ec.privateKeyPem).export({ type: 'sec1', format: 'pem' }).toString();
});

describe('parseClientCredential properties', () => {
  it('accepts the real pairs (the properties below can fail)', () => {
    expect(parse(rsa.chainPem, rsa.privateKeyPem).ok).toBe(true);
    expect(parse(ec.certificatePem, ecSec1).ok).toBe(true);
    expect(parse(rsa.certificatePem, rsaPkcs1).ok).toBe(true);
  });

  it('rejects arbitrary tls.crt and tls.key text with a SecretFormatError', () => {
    fc.assert(
      fc.property(arbitraryText, arbitraryText, (certificate, key) => {
        expect(parse(certificate, key).ok).toBe(false);
      }),
      runSettings(),
    );
  });

  it('rejects arbitrary tls.key text next to a real certificate', () => {
    fc.assert(
      fc.property(arbitraryText, fc.boolean(), (key, useRsa) => {
        const outcome = parse((useRsa ? rsa : ec).certificatePem, key);
        expect(outcome).toMatchObject({ ok: false, error: { message: messages.invalidKey } });
      }),
      runSettings(),
    );
  });

  it('rejects PEM-armoured garbage in tls.crt and tls.key', () => {
    const garbageCertificate = fc.array(armouredGarbage('CERTIFICATE'), { minLength: 1, maxLength: 3 });
    const garbageKey = fc.constantFrom(...keyTypes).chain((type) => armouredGarbage(type));
    fc.assert(
      fc.property(garbageCertificate, garbageKey, fc.constantFrom('crt', 'key', 'both'), (blocks, key, where) => {
        const certificatePem = where === 'key' ? ec.certificatePem : blocks.join('');
        const keyPem = where === 'crt' ? ec.privateKeyPem : key;
        const outcome = parse(certificatePem, keyPem);
        expect(outcome).toMatchObject({
          ok: false,
          error: { message: where === 'key' ? messages.invalidKey : messages.invalidCertificate },
        });
      }),
      runSettings(),
    );
  });

  it('follows the model for any mix of real PEM blocks, garbage blocks and text in either key', () => {
    type Part =
      | 'rsa-cert'
      | 'ec-cert'
      | 'rsa-key'
      | 'rsa-pkcs1'
      | 'ec-key'
      | 'ec-sec1'
      | 'public-key'
      | 'garbage-cert'
      | 'garbage-key'
      | 'text';
    const parts: Part[] = [
      'rsa-cert',
      'ec-cert',
      'rsa-key',
      'rsa-pkcs1',
      'ec-key',
      'ec-sec1',
      'public-key',
      'garbage-cert',
      'garbage-key',
      'text',
    ];
    const owner: Partial<Record<Part, 'rsa' | 'ec'>> = {
      'rsa-cert': 'rsa',
      'ec-cert': 'ec',
      'rsa-key': 'rsa',
      'rsa-pkcs1': 'rsa',
      'ec-key': 'ec',
      'ec-sec1': 'ec',
    };
    const isCertificate = (part: Part) => part === 'rsa-cert' || part === 'ec-cert' || part === 'garbage-cert';
    const isKey = (part: Part) => ['rsa-key', 'rsa-pkcs1', 'ec-key', 'ec-sec1', 'garbage-key'].includes(part);
    const pemOf = (part: Part, text: string): string => {
      switch (part) {
        case 'rsa-cert':
          return rsa.certificatePem;
        case 'ec-cert':
          return ec.certificatePem;
        case 'rsa-key':
          return rsa.privateKeyPem;
        case 'rsa-pkcs1':
          return rsaPkcs1;
        case 'ec-key':
          return ec.privateKeyPem;
        case 'ec-sec1':
          return ecSec1;
        case 'public-key':
          return new X509Certificate(rsa.certificatePem).publicKey.export({ type: 'spki', format: 'pem' }).toString();
        case 'garbage-cert':
          return '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n';
        case 'garbage-key':
          return '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n';
        default:
          return `${text}\n`;
      }
    };
    // Free text between blocks, without the dashes of PEM armour.
    const text = fc.string({ maxLength: 40 }).map((value) => value.replaceAll('-', ''));
    const layout = fc.array(fc.tuple(fc.constantFrom(...parts), text), { maxLength: 4 });

    fc.assert(
      fc.property(layout, layout, (crtParts, keyParts) => {
        const certificatePem = crtParts.map(([part, filler]) => pemOf(part, filler)).join('');
        const keyPem = keyParts.map(([part, filler]) => pemOf(part, filler)).join('');
        const certificates = crtParts.map(([part]) => part).filter(isCertificate);
        const key = keyParts.map(([part]) => part).find(isKey);
        const expected = certificates.includes('garbage-cert')
          ? messages.invalidCertificate
          : certificates.length === 0
            ? messages.noCertificate
            : key === undefined || key === 'garbage-key'
              ? messages.invalidKey
              : owner[certificates[0]] !== owner[key]
                ? messages.mismatch
                : undefined;
        const outcome = parse(certificatePem, keyPem);
        if (expected === undefined) {
          expect(outcome.ok).toBe(true);
          if (outcome.ok) {
            expect(outcome.credential.chain).toHaveLength(certificates.length);
            expect(outcome.credential.leaf.toString()).toBe(pemOf(certificates[0], ''));
          }
        } else {
          expect(outcome).toMatchObject({ ok: false, error: { message: expected } });
        }
      }),
      runSettings(),
    );
  });

  it('either accepts or rejects with a SecretFormatError when DER bytes of the real pair are corrupted', () => {
    const armour = (type: string, der: Buffer) =>
      `-----BEGIN ${type}-----\n${(der.toString('base64').match(/.{1,64}/g) ?? []).join('\n')}\n-----END ${type}-----\n`;
    const corruption = fc.record({
      useRsa: fc.boolean(),
      inKey: fc.boolean(),
      position: fc.nat(),
      xor: fc.integer({ min: 1, max: 255 }),
    });
    fc.assert(
      fc.property(corruption, ({ useRsa, inKey, position, xor }) => {
        const issued = useRsa ? rsa : ec;
        const certificateDer = Buffer.from(new X509Certificate(issued.certificatePem).raw);
        const keyDer = createPrivateKey(issued.privateKeyPem).export({ type: 'pkcs8', format: 'der' });
        const target = inKey ? keyDer : certificateDer;
        target[position % target.length] ^= xor;
        const outcome = parse(armour('CERTIFICATE', certificateDer), armour('PRIVATE KEY', keyDer));
        if (outcome.ok) {
          // Accepted only as a consistent pair. (OpenSSL re-encodes a few harmless corruptions, e.g. the unused-bits
          // byte of the signature BIT STRING, so leaf.raw need not equal the corrupted input.)
          const { credential } = outcome;
          expect(credential.leaf.checkPrivateKey(credential.privateKey)).toBe(true);
          expect(credential.fingerprint).toBe(createHash('sha256').update(credential.leaf.raw).digest('hex'));
        }
      }),
      runSettings(),
    );
  });
});

describe('parseCertificatePool properties', () => {
  it('never throws and finds no certificate in arbitrary text', () => {
    fc.assert(
      fc.property(arbitraryText, (text) => {
        expect(parseCertificatePool(text)).toEqual([]);
      }),
      runSettings(),
    );
  });

  it('keeps exactly the real certificates among garbage blocks, in order', () => {
    const block = fc.oneof(
      armouredGarbage('CERTIFICATE'),
      armouredGarbage('PRIVATE KEY'),
      fc.constantFrom('rsa', 'ec'),
      fc.string({ maxLength: 30 }).map((value) => value.replaceAll('-', '')),
    );
    fc.assert(
      fc.property(fc.array(block, { maxLength: 6 }), (blocks) => {
        const pem = blocks.map((value) =>
          value === 'rsa' ? rsa.certificatePem : value === 'ec' ? ec.certificatePem : `${value}\n`,
        );
        const expected = blocks
          .filter((value) => value === 'rsa' || value === 'ec')
          .map((value) => new X509Certificate(value === 'rsa' ? rsa.certificatePem : ec.certificatePem).toString());
        expect(parseCertificatePool(pem.join(''))).toEqual(expected);
      }),
      runSettings(),
    );
  });
});
