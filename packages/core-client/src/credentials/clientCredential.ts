/**
 * The client credential every source produces: a certificate chain and its private key, parsed and checked.
 */

import type { KeyObject, X509Certificate } from 'node:crypto';

/** A client certificate and its private key, parsed and checked. */
export interface ClientCredential {
  /** PEM of every certificate of the chain, leaf first (re-encoded from the parsed certificates). */
  certificateChainPem: string;
  /** PEM of the private key block found in `tls.key` (PKCS#1, PKCS#8 or SEC1). */
  privateKeyPem: string;
  /** The parsed private key. */
  privateKey: KeyObject;
  /** The first certificate of the chain. */
  leaf: X509Certificate;
  /** Every certificate of `tls.crt`, in order. */
  chain: X509Certificate[];
  /** SHA-256 of the leaf's DER, lowercase hex. */
  fingerprint: string;
}
