/**
 * The checks a replacement client credential must pass before it is swapped in. Checked: the leaf's validity
 * window against the system clock (and, when it was parsed from a Secret, that the key matches the leaf).
 * Not checked: the chain against any CA (the client cannot know which CA the server trusts), revocation, key
 * usage or extended key usage; the server still decides those at the handshake.
 */

import type { X509Certificate } from 'node:crypto';
import type { CredentialRefusalReason } from './credentialEvents';

/** Why a credential is not usable now, or undefined when it is. */
export interface CredentialRefusal {
  /** The category. */
  readonly reason: CredentialRefusalReason;
  /** A short, safe explanation (dates and the fingerprint only). */
  readonly detail: string;
}

/**
 * Checks that `leaf` is valid at `now` (epoch milliseconds).
 *
 * @returns The refusal, or undefined when the certificate is inside its validity window.
 */
export function leafValidityRefusal(
  leaf: Pick<X509Certificate, 'validFromDate' | 'validToDate'>,
  fingerprint: string,
  now: number,
): CredentialRefusal | undefined {
  const notBefore = leaf.validFromDate.getTime();
  const notAfter = leaf.validToDate.getTime();
  if (now > notAfter) {
    return {
      reason: 'expired',
      detail: `certificate ${fingerprint.slice(0, 16)}… expired at ${leaf.validToDate.toISOString()}`,
    };
  }
  if (now < notBefore) {
    return {
      reason: 'not-yet-valid',
      detail: `certificate ${fingerprint.slice(0, 16)}… is not valid before ${leaf.validFromDate.toISOString()}`,
    };
  }
  return undefined;
}
