/**
 * Signed principal payloads: JWS compact serialisation compatible with Go `EncodeAndSign` / `VerifyAndDecode`
 * (go-jose v4). RSA keys sign with PS512 (RSASSA-PSS, SHA-512, salt length 64), ECDSA P-256 with ES256 and
 * ECDSA P-384 with ES384. The protected header holds only the algorithm.
 */

import { type KeyObject, X509Certificate } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import { CompactSign, compactVerify } from 'jose';
import { loadClientCredential } from '../credentials/sources';
import { marshalGoJSON } from '../encoding/goJson';
import { JWSError, KeyError, SecretFormatError, UnsupportedKeyTypeError } from '../errors/errors';
import type { HTTPClientOptions } from '../options/options';
import { type SigningAlgorithm, signingAlgorithm } from './signingAlgorithm';
import { assertSigningKeyAllowed, signingKeysOf } from './signingKeys';

const acceptedAlgorithms: SigningAlgorithm[] = ['PS512', 'ES256', 'ES384'];

/**
 * Signs `payload` (serialised with {@link marshalGoJSON}) as a JWS compact token whose protected header is exactly
 * `{"alg":"<algorithm>"}`.
 *
 * @throws UnsupportedKeyTypeError when the key is not RSA, ECDSA P-256 or ECDSA P-384.
 * @throws KeyError when `privateKey` is not a private key.
 * @throws JWSError when signing fails (for example an RSA key shorter than 2048 bits, which jose refuses).
 */
export async function signCompact(payload: unknown, privateKey: KeyObject): Promise<string> {
  const alg = signingAlgorithm(privateKey);
  if (privateKey.type !== 'private') {
    throw new KeyError('signing requires a private key');
  }
  const bytes = new TextEncoder().encode(marshalGoJSON(payload));
  try {
    return await new CompactSign(bytes).setProtectedHeader({ alg }).sign(privateKey);
  } catch (error) {
    throw new JWSError('signing failed', { cause: error });
  }
}

/**
 * Go `EncodeAndSign`: loads the client credential fresh (a Kubernetes read on every call, bypassing the TLS reload
 * cache; in SPIFFE mode the current X509-SVID, e.g. EC P-256 → ES256) and signs `data` with its private key.
 * An EC key of a Secret-sourced credential is refused unless `signingKeys` is `rsa-or-ec` (see {@link signingKeysOf}).
 *
 * @throws ClientCredentialError for an EC key under the `rsa` signing-key policy.
 * @throws SecretFormatError `client certificate not configured` when no client certificate is configured.
 * Kubernetes errors from loading the credential are passed through unchanged.
 */
export async function encodeAndSign(
  kube: KubeConfig,
  clientOptions: HTTPClientOptions,
  data: unknown,
): Promise<string> {
  const credential = await loadClientCredential(kube, clientOptions);
  if (credential === undefined) {
    throw new SecretFormatError('client certificate not configured');
  }
  assertSigningKeyAllowed(credential.privateKey, signingKeysOf(clientOptions));
  return signCompact(data, credential.privateKey);
}

function parseCertificate(certificate: X509Certificate | string): X509Certificate {
  if (certificate instanceof X509Certificate) {
    return certificate;
  }
  try {
    return new X509Certificate(certificate);
  } catch (error) {
    throw new KeyError('invalid certificate', { cause: error });
  }
}

// A short, fixed description of a jose (or WebCrypto) failure; never includes token content.
function describeVerifyFailure(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  switch (code) {
    case 'ERR_JWS_INVALID':
      return 'invalid compact serialization';
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return 'signature algorithm not allowed';
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'signature verification failed';
    default:
      return 'verification failed';
  }
}

/**
 * Go `VerifyAndDecode`: verifies a JWS compact `token` against the public key of `certificate` (a node
 * `X509Certificate` or PEM text) and returns the decoded JSON payload. Only `PS512`, `ES256` and `ES384` are
 * accepted. The certificate itself is not validated (no chain, expiry or usage checks); trust comes from whoever
 * supplied it.
 *
 * @throws KeyError `invalid certificate` when the PEM cannot be parsed.
 * @throws UnsupportedKeyTypeError when the certificate's key is neither RSA nor ECDSA.
 * @throws JWSError for malformed tokens, disallowed algorithms, key/algorithm mismatches, bad signatures and
 * payloads that are not JSON.
 */
export async function verifyAndDecode<T = unknown>(token: string, certificate: X509Certificate | string): Promise<T> {
  const publicKey = parseCertificate(certificate).publicKey;
  if (publicKey.asymmetricKeyType !== 'rsa' && publicKey.asymmetricKeyType !== 'ec') {
    throw new UnsupportedKeyTypeError();
  }
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(token, publicKey, { algorithms: acceptedAlgorithms }));
  } catch (error) {
    throw new JWSError(describeVerifyFailure(error), { cause: error });
  }
  try {
    return JSON.parse(new TextDecoder().decode(payload)) as T;
  } catch (error) {
    throw new JWSError('payload is not valid JSON', { cause: error });
  }
}
