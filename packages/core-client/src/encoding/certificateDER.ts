/**
 * X.509 certificate parsing as strict as Go's `x509.ParseCertificate` on structure: Node's OpenSSL-backed
 * `X509Certificate` accepts trailing bytes after the certificate and some non-DER encodings that Go rejects, so the
 * structure is checked first, following Go's `parseCertificate` field by field: the outer SEQUENCE with nothing
 * after it (`x509: trailing data`), minimal DER lengths and tags everywhere it reads, version, a non-negative
 * minimal serial, the inner and outer signature algorithms byte-equal, issuer, validity, subject, public key info,
 * the optional unique IDs and the extension list (each `{OID, BOOLEAN?, OCTET STRING}`, no duplicates), and the
 * signature BIT STRING. Name, time and key contents are left to OpenSSL. Linear in the input.
 */

import { X509Certificate } from 'node:crypto';
import { UnikornError, type UnikornErrorOptions } from '../errors/errors';

const SEQUENCE = 0x30;
const SET = 0x31;
const INTEGER = 0x02;
const BIT_STRING = 0x03;
const OCTET_STRING = 0x04;
const OBJECT_IDENTIFIER = 0x06;
const BOOLEAN = 0x01;
const VERSION_TAG = 0xa0;
const ISSUER_UNIQUE_ID = 0x81;
const SUBJECT_UNIQUE_ID = 0x82;
const EXTENSIONS_TAG = 0xa3;

/** One DER element: its tag and where its contents are. */
interface Element {
  tag: number;
  contents: Buffer;
  whole: Buffer;
}

/** Reads DER elements in sequence from a buffer, with cryptobyte's rules (minimal lengths, definite form). */
class DERReader {
  private offset = 0;

  constructor(private readonly data: Buffer) {}

  get empty(): boolean {
    return this.offset >= this.data.length;
  }

  peekTag(): number | undefined {
    return this.empty ? undefined : this.data[this.offset];
  }

  /** The next element, or undefined when it is not valid DER. */
  read(): Element | undefined {
    const start = this.offset;
    const data = this.data;
    if (start + 2 > data.length) return undefined;
    let at = start;
    const tag = data[at++];
    if ((tag & 0x1f) === 0x1f) {
      // High tag numbers: base-128, minimal, and at least 31 (cryptobyte rejects anything else).
      let number = 0;
      let first = true;
      for (;;) {
        if (at >= data.length) return undefined;
        const byte = data[at++];
        if (first && byte === 0x80) return undefined;
        first = false;
        number = number * 128 + (byte & 0x7f);
        if (number > 0x7fffffff) return undefined;
        if ((byte & 0x80) === 0) break;
      }
      if (number < 0x1f) return undefined;
    }
    if (at >= data.length) return undefined;
    const lengthByte = data[at++];
    let length = lengthByte;
    if (lengthByte & 0x80) {
      const lengthLength = lengthByte & 0x7f;
      if (lengthLength === 0 || lengthLength > 4 || at + lengthLength > data.length) return undefined;
      length = 0;
      for (let index = 0; index < lengthLength; index++) length = length * 256 + data[at++];
      // Long form for a short length, or a leading zero byte, is not DER.
      if (length < 0x80 || length < 256 ** (lengthLength - 1)) return undefined;
    }
    if (at + length > data.length) return undefined;
    this.offset = at + length;
    return { tag, contents: data.subarray(at, at + length), whole: data.subarray(start, at + length) };
  }

  /** The next element if it has `tag`. */
  readTagged(tag: number): Element | undefined {
    return this.peekTag() === tag ? this.read() : undefined;
  }
}

function validInteger(contents: Buffer): boolean {
  if (contents.length === 0) return false;
  if (contents.length === 1) return true;
  return !(
    (contents[0] === 0x00 && (contents[1] & 0x80) === 0) ||
    (contents[0] === 0xff && (contents[1] & 0x80) === 0x80)
  );
}

function validBitString(contents: Buffer): boolean {
  if (contents.length === 0) return false;
  const padding = contents[0];
  if (padding > 7 || (contents.length === 1 && padding > 0)) return false;
  return (contents[contents.length - 1] & ((1 << padding) - 1)) === 0;
}

function validObjectIdentifier(contents: Buffer): boolean {
  if (contents.length === 0 || (contents[contents.length - 1] & 0x80) !== 0) return false;
  for (let index = 0; index < contents.length; index++) {
    const startsComponent = index === 0 || (contents[index - 1] & 0x80) === 0;
    if (startsComponent && contents[index] === 0x80) return false;
  }
  return true;
}

// Dotted text of a (validated) OID, as Go's ObjectIdentifier.String() prints it.
function objectIdentifierText(contents: Buffer): string {
  const components: bigint[] = [];
  let value = 0n;
  for (const byte of contents) {
    value = (value << 7n) | BigInt(byte & 0x7f);
    if ((byte & 0x80) === 0) {
      components.push(value);
      value = 0n;
    }
  }
  const [first = 0n, ...others] = components;
  const head = first < 80n ? [first / 40n, first % 40n] : [2n, first - 80n];
  return [...head, ...others].join('.');
}

function checkAlgorithmIdentifier(contents: Buffer): string | undefined {
  const reader = new DERReader(contents);
  const oid = reader.readTagged(OBJECT_IDENTIFIER);
  if (oid === undefined || !validObjectIdentifier(oid.contents)) return 'x509: malformed OID';
  if (!reader.empty && reader.read() === undefined) return 'x509: malformed parameters';
  return undefined;
}

function checkName(whole: Element): string | undefined {
  const sets = new DERReader(whole.contents);
  while (!sets.empty) {
    const set = sets.readTagged(SET);
    if (set === undefined) return 'x509: invalid RDNSequence';
    const attributes = new DERReader(set.contents);
    while (!attributes.empty) {
      const attribute = attributes.readTagged(SEQUENCE);
      if (attribute === undefined) return 'x509: invalid RDNSequence: invalid attribute';
      const fields = new DERReader(attribute.contents);
      const type = fields.readTagged(OBJECT_IDENTIFIER);
      if (type === undefined || !validObjectIdentifier(type.contents)) {
        return 'x509: invalid RDNSequence: invalid attribute type';
      }
      if (fields.read() === undefined) return 'x509: invalid RDNSequence: invalid attribute value';
    }
  }
  return undefined;
}

function checkExtensions(element: Element): string | undefined {
  const wrapper = new DERReader(element.contents);
  const list = wrapper.readTagged(SEQUENCE);
  if (list === undefined || !wrapper.empty) return 'x509: malformed extensions';
  const seen = new Set<string>();
  const extensions = new DERReader(list.contents);
  while (!extensions.empty) {
    const extension = extensions.readTagged(SEQUENCE);
    if (extension === undefined) return 'x509: malformed extension';
    const fields = new DERReader(extension.contents);
    const id = fields.readTagged(OBJECT_IDENTIFIER);
    if (id === undefined || !validObjectIdentifier(id.contents)) return 'x509: malformed extension OID field';
    if (fields.peekTag() === BOOLEAN) {
      const critical = fields.read();
      if (critical === undefined || critical.contents.length !== 1 || ![0x00, 0xff].includes(critical.contents[0])) {
        return 'x509: malformed extension critical field';
      }
    }
    if (fields.readTagged(OCTET_STRING) === undefined) return 'x509: malformed extension value field';
    const oid = objectIdentifierText(id.contents);
    if (seen.has(oid)) return `x509: certificate contains duplicate extension with OID "${oid}"`;
    seen.add(oid);
  }
  return undefined;
}

/** The reason Go's `x509.ParseCertificate` rejects `der` on structure (Go's error text), or undefined. */
export function certificateDERError(der: Uint8Array): string | undefined {
  const input = new DERReader(Buffer.from(der.buffer, der.byteOffset, der.byteLength));
  const certificate = input.readTagged(SEQUENCE);
  if (certificate === undefined) return 'x509: malformed certificate';
  if (!input.empty) return 'x509: trailing data';
  const outer = new DERReader(certificate.contents);
  const tbsElement = outer.readTagged(SEQUENCE);
  if (tbsElement === undefined) return 'x509: malformed tbs certificate';
  const tbs = new DERReader(tbsElement.contents);

  let version = 0;
  if (tbs.peekTag() === VERSION_TAG) {
    const wrapper = tbs.read();
    const inner = wrapper === undefined ? undefined : new DERReader(wrapper.contents);
    const integer = inner?.readTagged(INTEGER);
    if (integer === undefined || !inner?.empty || !validInteger(integer.contents)) return 'x509: malformed version';
    if (integer.contents.length > 8 || (integer.contents[0] & 0x80) !== 0) return 'x509: malformed version';
    version = integer.contents.reduce((value, byte) => value * 256 + byte, 0);
  }
  if (version + 1 > 3) return 'x509: invalid version';
  const serial = tbs.readTagged(INTEGER);
  if (serial === undefined || !validInteger(serial.contents)) return 'x509: malformed serial number';
  if ((serial.contents[0] & 0x80) !== 0) return 'x509: negative serial number';
  const innerAlgorithm = tbs.readTagged(SEQUENCE);
  if (innerAlgorithm === undefined) return 'x509: malformed signature algorithm identifier';
  const outerAlgorithm = outer.readTagged(SEQUENCE);
  if (outerAlgorithm === undefined) return 'x509: malformed algorithm identifier';
  if (!outerAlgorithm.contents.equals(innerAlgorithm.contents)) {
    return "x509: inner and outer signature algorithm identifiers don't match";
  }
  const algorithmError = checkAlgorithmIdentifier(innerAlgorithm.contents);
  if (algorithmError !== undefined) return algorithmError;
  const issuer = tbs.readTagged(SEQUENCE);
  if (issuer === undefined) return 'x509: malformed issuer';
  const issuerError = checkName(issuer);
  if (issuerError !== undefined) return issuerError;
  const validity = tbs.readTagged(SEQUENCE);
  if (validity === undefined) return 'x509: malformed validity';
  const subject = tbs.readTagged(SEQUENCE);
  // Go reports a malformed subject with the issuer's text.
  if (subject === undefined) return 'x509: malformed issuer';
  const subjectError = checkName(subject);
  if (subjectError !== undefined) return subjectError;
  const publicKeyInfo = tbs.readTagged(SEQUENCE);
  if (publicKeyInfo === undefined) return 'x509: malformed spki';
  const spki = new DERReader(publicKeyInfo.contents);
  const keyAlgorithm = spki.readTagged(SEQUENCE);
  if (keyAlgorithm === undefined) return 'x509: malformed public key algorithm identifier';
  const keyAlgorithmError = checkAlgorithmIdentifier(keyAlgorithm.contents);
  if (keyAlgorithmError !== undefined) return keyAlgorithmError;
  const publicKey = spki.readTagged(BIT_STRING);
  if (publicKey === undefined || !validBitString(publicKey.contents)) return 'x509: malformed subjectPublicKey';
  if (version > 0) {
    for (const [tag, message] of [
      [ISSUER_UNIQUE_ID, 'x509: malformed issuerUniqueID'],
      [SUBJECT_UNIQUE_ID, 'x509: malformed subjectUniqueID'],
    ] as const) {
      // Skipped, not interpreted (Go SkipOptionalASN1).
      if (tbs.peekTag() === tag && tbs.read() === undefined) return message;
    }
    if (version === 2 && tbs.peekTag() === EXTENSIONS_TAG) {
      const extensions = tbs.read();
      if (extensions === undefined) return 'x509: malformed extensions';
      const extensionsError = checkExtensions(extensions);
      if (extensionsError !== undefined) return extensionsError;
    }
  }
  const signature = outer.readTagged(BIT_STRING);
  if (signature === undefined || !validBitString(signature.contents)) return 'x509: malformed signature';
  return undefined;
}

/** Why a certificate did not parse: Go's error text, or `x509: parse failed` when OpenSSL refused it. */
export class CertificateParseError extends UnikornError {
  override readonly name = 'CertificateParseError';
  readonly code = 'ERR_CERTIFICATE_PARSE';
  readonly sentinel = 'x509';

  /** @param reason - Go's error text, e.g. `x509: trailing data`. */
  constructor(reason: string, options?: UnikornErrorOptions) {
    super(reason, options);
  }
}

/**
 * Parses DER like Go's `x509.ParseCertificate`: the structural checks of {@link certificateDERError}, then OpenSSL.
 * @throws CertificateParseError with Go's reason.
 */
export function parseCertificateDER(der: Uint8Array): X509Certificate {
  const reason = certificateDERError(der);
  if (reason !== undefined) {
    throw new CertificateParseError(reason);
  }
  try {
    return new X509Certificate(der);
  } catch (cause) {
    throw new CertificateParseError('x509: parse failed', { cause });
  }
}
