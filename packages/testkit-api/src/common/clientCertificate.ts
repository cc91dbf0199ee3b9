import type { X509Certificate } from 'node:crypto';
import { decodePem, parseCertificateDER, queryUnescapeBytes } from '@unikorn-cloud/core-client';

/** Subject CN of a certificate ('' when the subject has none). */
export function commonNameOf(certificate: X509Certificate): string {
  for (const line of certificate.subject.split('\n')) if (line.startsWith('CN=')) return line.slice(3);
  return '';
}

/**
 * Parses a relayed `Unikorn-Client-Certificate` value like identity's `GetClientCertificate`, with core-client's
 * Go-strict decoders: query-unescape, the first PEM block as Go's `pem.Decode` finds it, type `CERTIFICATE`, then
 * `x509.ParseCertificate`'s structure before OpenSSL.
 *
 * @returns undefined when any step fails (the Go middleware answers 400 `certificate propagation failure`).
 */
export function parseRelayedCertificate(value: string): X509Certificate | undefined {
  const pem = queryUnescapeBytes(value);
  const decoded = pem === undefined ? undefined : decodePem(pem);
  if (decoded === undefined || decoded.block.type !== 'CERTIFICATE') return undefined;
  try {
    return parseCertificateDER(decoded.block.bytes);
  } catch {
    return undefined;
  }
}

/**
 * Whether `leaf` names one of `trusted` as issuer, carries its signature and is valid at `now` (ms since the epoch).
 * Only direct issuance is checked: the TLS layer hands the handler the leaf alone.
 */
export function isVerifiedBy(leaf: X509Certificate, trusted: readonly X509Certificate[], now: number): boolean {
  if (now < leaf.validFromDate.getTime() || now > leaf.validToDate.getTime()) return false;
  return trusted.some((ca) => {
    try {
      return leaf.issuer === ca.subject && leaf.verify(ca.publicKey);
    } catch {
      return false;
    }
  });
}
