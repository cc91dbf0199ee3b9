import { X509Certificate } from 'node:crypto';
import type { CertificateAuthority } from '../certificateAuthority';
import type { KeyType } from '../keys';

/** An X509-SVID as the fake Workload API serves it. */
export interface WorkloadSVID {
  /** The SPIFFE ID (`spiffe_id`), equal to the leaf's single URI SAN. */
  readonly spiffeId: string;
  /** The SVID certificates, leaf first, one PEM each (sent as concatenated DER). */
  readonly certificates: readonly string[];
  /** The SVID private key, PKCS#8 PEM (sent as PKCS#8 DER). */
  readonly privateKeyPem: string;
  /** The trust bundle of the SVID's trust domain: root CA certificates, one PEM each. */
  readonly bundle: readonly string[];
  /** Operator hint (`hint`); default ''. */
  readonly hint?: string;
  /** Lowercase hex serial number of the leaf. */
  readonly serialNumber: string;
  /** SHA-256 of the leaf's DER, lowercase hex. */
  readonly fingerprint: string;
}

/** Options of {@link issueSVID}. */
export interface SVIDIssueOptions {
  /** Hex serial number of the leaf. Default random. */
  readonly serialNumber?: string;
  /** Default `ec-p256` (what SPIRE issues). */
  readonly keyType?: KeyType;
  /** Default one year from now. */
  readonly notAfter?: Date;
  /** Operator hint. */
  readonly hint?: string;
}

/** The root of a CA's chain. */
function rootOf(ca: CertificateAuthority): CertificateAuthority {
  let root = ca;
  while (root.parent !== undefined) root = root.parent;
  return root;
}

/**
 * Issues an X509-SVID the way SPIRE does: an EC P-256 leaf with an empty subject CN, one URI SAN (the SPIFFE ID) and
 * the clientAuth EKU. The SVID chain is the leaf followed by `ca` and its parents up to, not including, the root
 * (so a root CA gives a 1-certificate SVID, an intermediate a 2-certificate one); the bundle is the root.
 */
export async function issueSVID(
  ca: CertificateAuthority,
  spiffeId: string,
  options: SVIDIssueOptions = {},
): Promise<WorkloadSVID> {
  const issued = await ca.issue({
    commonName: '',
    usage: 'client',
    uris: [spiffeId],
    keyType: options.keyType ?? 'ec-p256',
    serialNumber: options.serialNumber,
    notAfter: options.notAfter,
  });
  const intermediates: string[] = [];
  for (let signer: CertificateAuthority | undefined = ca; signer?.parent !== undefined; signer = signer.parent) {
    intermediates.push(signer.certificatePem);
  }
  return {
    spiffeId,
    certificates: [issued.certificatePem, ...intermediates],
    privateKeyPem: issued.privateKeyPem,
    bundle: [rootOf(ca).certificatePem],
    hint: options.hint,
    serialNumber: issued.serialNumber,
    fingerprint: issued.fingerprint,
  };
}

/** DER bytes of one PEM certificate. */
export function certificateDER(pem: string): Buffer {
  return new X509Certificate(pem).raw;
}
