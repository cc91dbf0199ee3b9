import { X509Certificate } from 'node:crypto';

/** Subject CN of a certificate ('' when the subject has none). */
export function commonNameOf(certificate: X509Certificate): string {
  for (const line of certificate.subject.split('\n')) if (line.startsWith('CN=')) return line.slice(3);
  return '';
}

/** Go `url.QueryUnescape`: `+` becomes a space, `%XX` a byte; undefined for a malformed escape. */
function queryUnescape(value: string): string | undefined {
  if (/%(?![0-9A-Fa-f]{2})/.test(value)) return undefined;
  const bytes = Buffer.from(value.replace(/\+/g, ' '), 'latin1');
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i += 1) {
    if (bytes[i] === 0x25) {
      out.push(Number.parseInt(bytes.subarray(i + 1, i + 3).toString('latin1'), 16));
      i += 2;
    } else out.push(bytes[i]);
  }
  return Buffer.from(out).toString('latin1');
}

const pemBlock = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n[\s\S]*?\r?\n-----END \1-----/;

/**
 * Parses a relayed `Unikorn-Client-Certificate` value like identity's `GetClientCertificate`: query-unescape, take
 * the first PEM block, require type `CERTIFICATE`, parse X.509.
 *
 * @returns undefined when any step fails (the Go middleware answers 400 `certificate propagation failure`).
 */
export function parseRelayedCertificate(value: string): X509Certificate | undefined {
  const pem = queryUnescape(value);
  const block = pem === undefined ? null : pemBlock.exec(pem);
  if (block === null || block[1] !== 'CERTIFICATE') return undefined;
  try {
    return new X509Certificate(block[0]);
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
