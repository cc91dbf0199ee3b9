import { createHash, type KeyObject, X509Certificate } from 'node:crypto';
import type { Extension, JsonGeneralName } from '@peculiar/x509';
import {
  exportPrivateKeyPem,
  type GeneratedKey,
  generateKey,
  type KeyType,
  type PrivateKeyFormat,
  signingAlgorithm,
} from './keys';
import { normalizeSerialNumber, randomSerialNumber } from './serialNumber';
import { loadX509 } from './x509Module';

/** What a leaf certificate is for: `server` sets the serverAuth EKU, `client` the clientAuth EKU. */
export type CertificateUsage = 'server' | 'client';

/** Options for {@link CertificateAuthority.create} and {@link CertificateAuthority.createIntermediate}. */
export interface CertificateAuthorityOptions {
  /** Subject common name. Default `testkit-ca` (`testkit-intermediate-ca` for intermediates). */
  readonly commonName?: string;
  /** Key type of the CA key, which also selects the signature algorithm. Default `ec-p256`. */
  readonly keyType?: KeyType;
  /** Hex serial number. Default random. */
  readonly serialNumber?: string;
  /** Default one minute ago. */
  readonly notBefore?: Date;
  /** Default ten years from now. */
  readonly notAfter?: Date;
}

/** Options for {@link CertificateAuthority.issue}. */
export interface IssueOptions {
  /** Subject common name. */
  readonly commonName: string;
  /** `server` (serverAuth EKU) or `client` (clientAuth EKU). */
  readonly usage: CertificateUsage;
  /**
   * Key type of the new key. Default `ec-p256`. RSA-4096 keys are slow to generate, so one RSA-4096 key pair is
   * generated per process and shared by every `rsa-4096` certificate (and CA).
   */
  readonly keyType?: KeyType;
  /** DNS subject alternative names. */
  readonly dnsNames?: readonly string[];
  /** IP subject alternative names. */
  readonly ipAddresses?: readonly string[];
  /** URI subject alternative names (for example a SPIFFE ID). */
  readonly uris?: readonly string[];
  /** Hex serial number (normalised like Node prints it). Default random 128-bit. */
  readonly serialNumber?: string;
  /** Default one minute ago, or one day before `notAfter` when that is already in the past. */
  readonly notBefore?: Date;
  /** Default one year from now. A past date gives an expired certificate. */
  readonly notAfter?: Date;
  /** PEM encoding of `privateKeyPem`. Default `pkcs8`; `pkcs1` needs RSA, `sec1` needs EC. */
  readonly keyFormat?: PrivateKeyFormat;
}

/** Options for {@link CertificateAuthority.issueServer}: like {@link IssueOptions} with defaults for a localhost server. */
export type ServerIssueOptions = Partial<Omit<IssueOptions, 'usage'>>;

/** Options for {@link CertificateAuthority.issueClient}. */
export type ClientIssueOptions = Partial<Omit<IssueOptions, 'usage' | 'commonName'>>;

/** A leaf certificate and its private key. */
export interface IssuedCertificate {
  /** The leaf certificate alone, PEM. */
  readonly certificatePem: string;
  /** The private key, PEM (PKCS#8 unless `keyFormat` said otherwise). */
  readonly privateKeyPem: string;
  /** The leaf followed by the issuing CA's chain up to and including the root, PEM. */
  readonly chainPem: string;
  /** Lowercase hex, equal to `new X509Certificate(certificatePem).serialNumber.toLowerCase()`. */
  readonly serialNumber: string;
  /** SHA-256 of the leaf's DER, lowercase hex without separators. */
  readonly fingerprint: string;
  /** Subject common name. */
  readonly commonName: string;
  /** Key type of the private key. */
  readonly keyType: KeyType;
  /** The private key as a Node `KeyObject`. */
  readonly privateKey: KeyObject;
  /** The parsed leaf certificate. */
  readonly certificate: X509Certificate;
}

const minute = 60_000;
const day = 24 * 60 * minute;

/** SHA-256 of a certificate's DER, lowercase hex without separators. */
export function certificateFingerprint(certificate: X509Certificate | string): string {
  const parsed = typeof certificate === 'string' ? new X509Certificate(certificate) : certificate;
  return createHash('sha256').update(parsed.raw).digest('hex');
}

function validity(notBefore: Date | undefined, notAfter: Date | undefined, defaultLifetime: number) {
  const now = Date.now();
  const end = notAfter ?? new Date(now + defaultLifetime);
  const start = notBefore ?? (end.getTime() < now ? new Date(end.getTime() - day) : new Date(now - minute));
  return { notBefore: start, notAfter: end };
}

/** PEM with `\n` line ends and a final newline, so that PEMs can be concatenated into bundles. */
function normalizePem(pem: string): string {
  return `${pem.replace(/\r\n/g, '\n').trimEnd()}\n`;
}

function subjectName(commonName: string) {
  return [{ CN: [commonName] }];
}

/**
 * A throw-away certificate authority for tests, built with `@peculiar/x509` on Node's WebCrypto.
 *
 * ```ts
 * const ca = await CertificateAuthority.create();
 * const server = await ca.issueServer();                 // SAN localhost + 127.0.0.1, serverAuth
 * const client = await ca.issueClient('client-1', { keyType: 'rsa-2048' });
 * ```
 */
export class CertificateAuthority {
  /** Subject common name. */
  readonly commonName: string;
  /** Key type of the CA key. */
  readonly keyType: KeyType;
  /** The CA certificate, PEM. */
  readonly certificatePem: string;
  /** The CA certificate followed by its ancestors up to the root, PEM. */
  readonly chainPem: string;
  /** The parsed CA certificate. */
  readonly certificate: X509Certificate;
  /** The CA public key (for `leaf.verify(ca.publicKey)`). */
  readonly publicKey: KeyObject;
  /** The CA private key. */
  readonly privateKey: KeyObject;
  /** The CA private key, PKCS#8 PEM. */
  readonly privateKeyPem: string;
  /** Lowercase hex serial number. */
  readonly serialNumber: string;
  /** SHA-256 of the CA certificate's DER, lowercase hex. */
  readonly fingerprint: string;
  /** The issuing CA of an intermediate; undefined for a root. */
  readonly parent: CertificateAuthority | undefined;

  private readonly key: GeneratedKey;

  private constructor(
    commonName: string,
    key: GeneratedKey,
    certificatePem: string,
    parent: CertificateAuthority | undefined,
  ) {
    this.commonName = commonName;
    this.keyType = key.keyType;
    this.key = key;
    this.certificatePem = certificatePem;
    this.chainPem = parent === undefined ? certificatePem : certificatePem + parent.chainPem;
    this.certificate = new X509Certificate(certificatePem);
    this.publicKey = this.certificate.publicKey;
    this.privateKey = key.privateKey;
    this.privateKeyPem = exportPrivateKeyPem(key.privateKey, key.keyType);
    this.serialNumber = this.certificate.serialNumber.toLowerCase();
    this.fingerprint = certificateFingerprint(this.certificate);
    this.parent = parent;
  }

  /** Creates a self-signed root CA. */
  static async create(options: CertificateAuthorityOptions = {}): Promise<CertificateAuthority> {
    const x509 = await loadX509();
    const commonName = options.commonName ?? 'testkit-ca';
    const key = await generateKey(options.keyType ?? 'ec-p256');
    const certificate = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: normalizeSerialNumber(options.serialNumber ?? randomSerialNumber()),
      name: subjectName(commonName),
      keys: key.keys,
      signingAlgorithm: signingAlgorithm(key.keyType),
      ...validity(options.notBefore, options.notAfter, 3650 * day),
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
          true,
        ),
        await x509.SubjectKeyIdentifierExtension.create(key.keys.publicKey),
      ],
    });
    return new CertificateAuthority(commonName, key, normalizePem(certificate.toString('pem')), undefined);
  }

  /** Creates an intermediate CA signed by this one. Its leaves' `chainPem` includes the intermediate and the root. */
  async createIntermediate(options: CertificateAuthorityOptions = {}): Promise<CertificateAuthority> {
    const x509 = await loadX509();
    const commonName = options.commonName ?? 'testkit-intermediate-ca';
    const key = await generateKey(options.keyType ?? 'ec-p256');
    const pem = await this.sign(
      options,
      commonName,
      key,
      [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
          true,
        ),
      ],
      3650 * day,
    );
    return new CertificateAuthority(commonName, key, pem, this);
  }

  /** Issues a leaf certificate with a freshly generated key. */
  async issue(options: IssueOptions): Promise<IssuedCertificate> {
    const x509 = await loadX509();
    const keyType = options.keyType ?? 'ec-p256';
    const key = await generateKey(keyType);
    const names: JsonGeneralName[] = [
      ...(options.dnsNames ?? []).map((value): JsonGeneralName => ({ type: 'dns', value })),
      ...(options.ipAddresses ?? []).map((value): JsonGeneralName => ({ type: 'ip', value })),
      ...(options.uris ?? []).map((value): JsonGeneralName => ({ type: 'url', value })),
    ];
    const usageFlags = keyType.startsWith('rsa')
      ? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment
      : x509.KeyUsageFlags.digitalSignature;
    const extensions: Extension[] = [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(usageFlags, true),
      new x509.ExtendedKeyUsageExtension(
        [options.usage === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth],
        false,
      ),
    ];
    if (names.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(names, false));
    const certificatePem = await this.sign(options, options.commonName, key, extensions, 365 * day);
    const certificate = new X509Certificate(certificatePem);
    return {
      certificatePem,
      privateKeyPem: exportPrivateKeyPem(key.privateKey, keyType, options.keyFormat),
      chainPem: certificatePem + this.chainPem,
      serialNumber: certificate.serialNumber.toLowerCase(),
      fingerprint: certificateFingerprint(certificate),
      commonName: options.commonName,
      keyType,
      privateKey: key.privateKey,
      certificate,
    };
  }

  /** Issues a server certificate; defaults: common name and DNS SAN `localhost`, IP SAN `127.0.0.1`. */
  issueServer(options: ServerIssueOptions = {}): Promise<IssuedCertificate> {
    return this.issue({
      ...options,
      commonName: options.commonName ?? 'localhost',
      dnsNames: options.dnsNames ?? ['localhost'],
      ipAddresses: options.ipAddresses ?? ['127.0.0.1'],
      usage: 'server',
    });
  }

  /** Issues a client certificate with subject CN `commonName` and the clientAuth EKU. */
  issueClient(commonName: string, options: ClientIssueOptions = {}): Promise<IssuedCertificate> {
    return this.issue({ ...options, commonName, usage: 'client' });
  }

  private async sign(
    options: { serialNumber?: string; notBefore?: Date; notAfter?: Date },
    commonName: string,
    key: GeneratedKey,
    extensions: Extension[],
    defaultLifetime: number,
  ): Promise<string> {
    const x509 = await loadX509();
    const certificate = await x509.X509CertificateGenerator.create({
      serialNumber: normalizeSerialNumber(options.serialNumber ?? randomSerialNumber()),
      subject: subjectName(commonName),
      issuer: subjectName(this.commonName),
      publicKey: key.keys.publicKey,
      signingKey: this.key.keys.privateKey,
      signingAlgorithm: signingAlgorithm(this.keyType),
      ...validity(options.notBefore, options.notAfter, defaultLifetime),
      extensions: [
        ...extensions,
        await x509.SubjectKeyIdentifierExtension.create(key.keys.publicKey),
        await x509.AuthorityKeyIdentifierExtension.create(this.key.keys.publicKey),
      ],
    });
    return normalizePem(certificate.toString('pem'));
  }
}
