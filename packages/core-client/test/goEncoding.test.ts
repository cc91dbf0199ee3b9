import { beforeAll, describe, expect, it } from '@jest/globals';
import { CertificateAuthority, type IssuedCertificate } from '@unikorn-cloud/testkit';
import {
  CertificateParseError,
  certificateDERError,
  decodePem,
  decodePemBlocks,
  decodeRawURLBase64,
  decodeStdBase64,
  encodePem,
  headerBytes,
  parseCertificateDER,
  parseCertificatePool,
} from '../src';

const bytes = (text: string) => Buffer.from(text, 'latin1');
const std = (text: string) => decodeStdBase64(bytes(text))?.toString('latin1');
const raw = (text: string) => decodeRawURLBase64(text)?.toString('latin1');

describe('Go base64', () => {
  it('StdEncoding: padding required and checked, newlines skipped, junk after the padding rejected', () => {
    expect(std('YWJj')).toBe('abc');
    expect(std('YWI=')).toBe('ab');
    expect(std('YQ==')).toBe('a');
    expect(std('YW\r\nI=\n')).toBe('ab');
    expect(std('YQ=\n=')).toBe('a');
    expect(std('')).toBe('');
    expect(std('YWI')).toBeUndefined();
    expect(std('YQ=')).toBeUndefined();
    expect(std('Y===')).toBeUndefined();
    expect(std('YWJj=')).toBeUndefined();
    expect(std('YQ==YQ==')).toBeUndefined();
    expect(std('YQ==x')).toBeUndefined();
    expect(std('YW Jj')).toBeUndefined();
    expect(std('YW-j')).toBeUndefined();
    // Not Strict: non-zero trailing bits are accepted, as in Go.
    expect(std('YR==')).toBe('a');
  });

  it('RawURLEncoding: no padding, URL alphabet, a final group of one character rejected', () => {
    expect(raw('eyJhIjoxfQ')).toBe('{"a":1}');
    expect(raw('_-8')).toBe('\xff\xef');
    expect(raw('')).toBe('');
    expect(raw('eyJhIjoxfQ==')).toBeUndefined();
    expect(raw('abcde')).toBeUndefined();
    expect(raw('a+b/')).toBeUndefined();
    expect(raw('ab.cd')).toBeUndefined();
  });

  it('header values are read byte for byte (latin1) as Node received them', () => {
    expect(headerBytes('\xe9').equals(Buffer.from([0xe9]))).toBe(true);
    expect(headerBytes('€').equals(Buffer.from('€', 'utf8'))).toBe(true);
  });
});

describe('Go pem.Decode', () => {
  const body = Buffer.from('hello pem').toString('base64');

  it('finds the first block, its headers and the rest', () => {
    const text = `junk\n-----BEGIN THING-----\nA: b\n\n${body}\n-----END THING-----\nafter`;
    const decoded = decodePem(bytes(text));
    expect(decoded?.block.type).toBe('THING');
    expect(decoded?.block.headers.A).toBe('b');
    expect(decoded?.block.bytes.toString()).toBe('hello pem');
    expect(decoded?.rest.toString()).toBe('after');
  });

  it('base64 with junk after the padding is no PEM block (Go rejects it)', () => {
    const padded = Buffer.from('hello pe').toString('base64');
    expect(padded.endsWith('=')).toBe(true);
    expect(decodePem(bytes(`-----BEGIN X-----\n${padded}junk\n-----END X-----\n`))).toBeUndefined();
    expect(decodePem(bytes(`-----BEGIN X-----\n${padded}\n-----END X-----\n`))?.block.bytes.toString()).toBe(
      'hello pe',
    );
  });

  it('skips a broken block and takes the next one; BEGIN lines without an END are skipped', () => {
    const text = `-----BEGIN A-----\n%%%\n-----END A-----\n-----BEGIN A-----\n-----BEGIN B-----\n${body}\n-----END B-----\n`;
    expect(decodePem(bytes(text))?.block.type).toBe('B');
    expect([...decodePemBlocks(bytes(text))].map((block) => block.type)).toEqual(['B']);
  });

  it('requires matching END type, BEGIN at a line start and only whitespace after END', () => {
    expect(decodePem(bytes(`-----BEGIN A-----\n${body}\n-----END B-----\n`))).toBeUndefined();
    expect(decodePem(bytes(`x-----BEGIN A-----\n${body}\n-----END A-----\n`))).toBeUndefined();
    expect(decodePem(bytes(`-----BEGIN A-----\n${body}\n-----END A----- x\n`))).toBeUndefined();
    expect(decodePem(bytes(`-----BEGIN A-----\n${body}\n-----END A----- \t\n`))?.block.type).toBe('A');
    expect(decodePem(bytes('-----BEGIN A-----\n-----END A-----'))?.block.bytes.length).toBe(0);
  });

  it('inputs on which Go 1.25 pem.Decode panics are no PEM data', () => {
    expect(decodePem(bytes('-----BEGIN X\n-----END '))).toBeUndefined();
    expect(decodePem(bytes('-----BEGIN X-----\na:b\n-----END X:-----\nzz\n'))).toBeUndefined();
  });

  it('a 256 KiB run of BEGIN lines (the quadratic case of the old parser) is no PEM data, and no certificate for a Secret', () => {
    const run = '-----BEGIN CERTIFICATE-----\n'.repeat((256 * 1024) / 28);
    expect(decodePem(bytes(run))).toBeUndefined();
    expect(parseCertificatePool(run)).toEqual([]);
    expect(parseCertificatePool(`${run}${encodePem('CERTIFICATE', Buffer.from('x'))}`)).toEqual([]);
  });

  it('encodePem writes what Go pem.EncodeToMemory writes', () => {
    const der = Buffer.alloc(100, 7);
    const text = encodePem('CERTIFICATE', der);
    expect(text.split('\n')[1]).toHaveLength(64);
    expect(decodePem(bytes(text))?.block.bytes.equals(der)).toBe(true);
  });
});

describe('Go x509.ParseCertificate structure', () => {
  let issued: IssuedCertificate;
  let der: Buffer;

  beforeAll(async () => {
    const ca = await CertificateAuthority.create();
    issued = await ca.issueClient('strict');
    der = issued.certificate.raw;
  });

  it('accepts a well-formed certificate', () => {
    expect(certificateDERError(der)).toBeUndefined();
    expect(parseCertificateDER(der).fingerprint256).toBe(issued.certificate.fingerprint256);
  });

  it('DER with trailing bytes is rejected (x509: trailing data)', () => {
    const trailing = Buffer.concat([der, Buffer.from([0])]);
    expect(certificateDERError(trailing)).toBe('x509: trailing data');
    expect(() => parseCertificateDER(trailing)).toThrow(CertificateParseError);
    expect(() => parseCertificateDER(trailing)).toThrow('x509: trailing data');
  });

  it('rejects non-minimal lengths, indefinite lengths, truncation and a wrong outer tag', () => {
    // Re-encode the outer length with one extra (zero) length byte: same value, not DER.
    const lengthBytes = der[1] & 0x7f;
    const nonMinimal = Buffer.concat([
      Buffer.from([0x30, 0x80 | (lengthBytes + 1), 0x00]),
      der.subarray(2, 2 + lengthBytes),
      der.subarray(2 + lengthBytes),
    ]);
    expect(certificateDERError(nonMinimal)).toBe('x509: malformed certificate');
    expect(certificateDERError(Buffer.concat([Buffer.from([0x30, 0x80]), der.subarray(4)]))).toBe(
      'x509: malformed certificate',
    );
    expect(certificateDERError(der.subarray(0, der.length - 1))).toBe('x509: malformed certificate');
    expect(certificateDERError(Buffer.concat([Buffer.from([0x31]), der.subarray(1)]))).toBe(
      'x509: malformed certificate',
    );
    expect(certificateDERError(Buffer.alloc(0))).toBe('x509: malformed certificate');
  });

  it('rejects a negative serial number and mismatching signature algorithms', () => {
    // Locate the serial INTEGER: tbs starts after the outer header, then the [0] version.
    const tbsStart = 2 + (der[1] & 0x7f) + 2 + (der[2 + (der[1] & 0x7f) + 1] & 0x7f);
    const versionLength = der[tbsStart + 1] + 2;
    const serialAt = tbsStart + versionLength;
    expect(der[serialAt]).toBe(0x02);
    const negative = Buffer.from(der);
    negative[serialAt + 2] = 0x80 | negative[serialAt + 2];
    // Only meaningful when the flip does not make the encoding non-minimal.
    if (!(negative[serialAt + 1] > 1 && negative[serialAt + 2] === 0xff && (negative[serialAt + 3] & 0x80) !== 0)) {
      expect(certificateDERError(negative)).toBe('x509: negative serial number');
    }
    const outerAlgorithmAt = der.lastIndexOf(Buffer.from([0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03]));
    expect(outerAlgorithmAt).toBeGreaterThan(serialAt);
    const mismatch = Buffer.from(der);
    mismatch[outerAlgorithmAt + 9] ^= 0x01;
    expect(certificateDERError(mismatch)).toBe("x509: inner and outer signature algorithm identifiers don't match");
  });

  it('gives Go reasons for hostile shapes: runs of SEQUENCE tags, deeply nested SEQUENCEs', () => {
    expect(certificateDERError(Buffer.alloc(16 * 1024, 0x30))).toBe('x509: trailing data');
    let nested = Buffer.alloc(0);
    for (let depth = 0; depth < 2000; depth++) {
      const length = nested.length;
      const header =
        length < 128 ? [0x30, length] : length < 256 ? [0x30, 0x81, length] : [0x30, 0x82, length >> 8, length & 0xff];
      nested = Buffer.concat([Buffer.from(header), nested]);
    }
    expect(certificateDERError(nested)).toBe('x509: malformed serial number');
  });
});
