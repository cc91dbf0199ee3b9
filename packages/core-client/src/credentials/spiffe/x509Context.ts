/**
 * Turning an `X509SVIDResponse` into X509-SVIDs and trust bundles, validated like go-spiffe
 * (`x509svid.ParseRaw`, `parseX509SVIDResponse`).
 */

import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { parseTrustDomain, type SpiffeID, spiffeIdFromCertificate } from './spiffeId';
import type { X509SVIDMessage, X509SVIDResponseMessage } from './workloadDescriptor';

/** An X509-SVID: a SPIFFE ID, its certificate chain (leaf first) and private key. */
export interface X509SVID {
  /** The SPIFFE ID of the leaf (its single URI SAN). */
  readonly id: SpiffeID;
  /** The certificates as served, leaf first; the rest chain the leaf to a root of the trust domain. */
  readonly certificates: readonly X509Certificate[];
  /** The SVID private key. */
  readonly privateKey: KeyObject;
  /** Operator hint from the Workload API ('' when none). */
  readonly hint: string;
}

/** Everything one Workload API X.509 response carries. */
export interface X509Context {
  /** Every SVID of the response, in order; the first is the default one. */
  readonly svids: readonly X509SVID[];
  /** Trust domain name → root CA certificates (the SVIDs' own bundles plus federated bundles). */
  readonly bundles: ReadonlyMap<string, readonly X509Certificate[]>;
}

/** Splits concatenated ASN.1 DER values (each a SEQUENCE) into single values. */
export function splitDER(data: Uint8Array): Buffer[] {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const values: Buffer[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (bytes[offset] !== 0x30 || offset + 2 > bytes.length) {
      throw new Error('malformed DER: expected a SEQUENCE');
    }
    let length = bytes[offset + 1];
    let header = 2;
    if (length & 0x80) {
      const count = length & 0x7f;
      if (count === 0 || count > 4 || offset + 2 + count > bytes.length) {
        throw new Error('malformed DER: bad length');
      }
      length = 0;
      for (let i = 0; i < count; i++) {
        length = length * 256 + bytes[offset + 2 + i];
      }
      header += count;
    }
    const end = offset + header + length;
    if (end > bytes.length) {
      throw new Error('malformed DER: truncated');
    }
    values.push(bytes.subarray(offset, end));
    offset = end;
  }
  return values;
}

/** Parses concatenated DER certificates (Go `x509.ParseCertificates`). */
export function parseCertificates(data: Uint8Array): X509Certificate[] {
  return splitDER(data).map((der) => new X509Certificate(der));
}

/** Prefixes go-spiffe's `x509svid: ` error class. */
function svidError(detail: string, cause?: unknown): Error {
  return new Error(`x509svid: ${detail}`, cause === undefined ? undefined : { cause });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Parses one SVID (go-spiffe `x509svid.ParseRaw`): DER certificates (leaf first), PKCS#8 DER key; the leaf must
 * carry exactly one SPIFFE ID URI SAN and not be a CA, the other certificates must be CAs, and the key must
 * match the leaf.
 *
 * @throws Error `x509svid: …` (never quoting key material).
 */
export function parseX509SVID(message: X509SVIDMessage): X509SVID {
  let certificates: X509Certificate[];
  try {
    certificates = parseCertificates(message.x509_svid);
  } catch (error) {
    throw svidError(`cannot parse DER encoded certificate: ${messageOf(error)}`, error);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: Buffer.from(message.x509_svid_key), format: 'der', type: 'pkcs8' });
  } catch (error) {
    throw svidError('cannot parse DER encoded private key', error);
  }
  const [leaf, ...signers] = certificates;
  if (leaf === undefined) {
    throw svidError('certificate validation failed: no certificates found');
  }
  let id: SpiffeID;
  try {
    id = spiffeIdFromCertificate(leaf);
  } catch (error) {
    throw svidError(`certificate validation failed: cannot get leaf certificate SPIFFE ID: ${messageOf(error)}`);
  }
  if (leaf.ca) {
    throw svidError('certificate validation failed: leaf certificate must not have CA flag set to true');
  }
  if (signers.some((certificate) => !certificate.ca)) {
    throw svidError('certificate validation failed: signing certificate must have CA flag set to true');
  }
  if (!leaf.checkPrivateKey(privateKey)) {
    throw svidError('private key validation failed: leaf certificate does not match private key');
  }
  return { id, certificates, privateKey, hint: message.hint };
}

/**
 * Parses a whole response (go-spiffe `parseX509SVIDResponse`): every SVID, each SVID's bundle (filed under the
 * SVID's trust domain) and the federated bundles.
 *
 * @throws Error `there were no SVIDs in the response`, or an SVID / bundle parse error.
 */
export function parseX509Context(response: X509SVIDResponseMessage): X509Context {
  const svids: X509SVID[] = [];
  const bundles = new Map<string, X509Certificate[]>();
  for (const message of response.svids) {
    const svid = parseX509SVID(message);
    svids.push(svid);
    bundles.set(svid.id.trustDomain, parseCertificates(message.bundle));
  }
  for (const [trustDomain, bundle] of Object.entries(response.federated_bundles)) {
    bundles.set(parseTrustDomain(trustDomain), parseCertificates(bundle));
  }
  if (svids.length === 0) {
    throw new Error('there were no SVIDs in the response');
  }
  return { svids, bundles };
}
