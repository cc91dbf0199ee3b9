/**
 * Which JWS algorithm a key signs with, as Go's `EncodeAndSign` chooses it.
 */

import type { KeyObject } from 'node:crypto';
import { UnsupportedKeyTypeError } from '../errors/errors';

/** JWS algorithms this library signs with and accepts. */
export type SigningAlgorithm = 'PS512' | 'ES256' | 'ES384';

// Node curve names mapped to the Go (NIST) names used in error texts.
const curveNames: Readonly<Record<string, string>> = {
  prime256v1: 'P-256',
  secp384r1: 'P-384',
  secp521r1: 'P-521',
};

/**
 * The JWS algorithm Go uses for `key` (private or public): RSA → `PS512`, ECDSA P-256 → `ES256`,
 * ECDSA P-384 → `ES384`.
 *
 * @throws UnsupportedKeyTypeError for any other key type, with detail `unsupported elliptic curve <curve>` for
 * other ECDSA curves.
 */
export function signingAlgorithm(key: KeyObject): SigningAlgorithm {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return 'PS512';
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve ?? 'unknown';
      if (curve === 'prime256v1') {
        return 'ES256';
      }
      if (curve === 'secp384r1') {
        return 'ES384';
      }
      throw new UnsupportedKeyTypeError(`unsupported elliptic curve ${curveNames[curve] ?? curve}`);
    }
    default:
      throw new UnsupportedKeyTypeError();
  }
}
