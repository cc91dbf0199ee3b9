/**
 * Reading CA and client certificates from `kubernetes.io/tls` Secrets (§1.1, §1.2).
 *
 * Error messages carry Go's texts and short details only, never PEM or key material.
 */

import { createHash, createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { CoreV1Api, type KubeConfig, type V1Secret } from '@kubernetes/client-node';
import { ClientCredentialError, SecretFormatError } from './errors';
import { clientCertificateSource, type HTTPClientOptions, type HTTPOptions } from './options';

/** The Secret type every certificate Secret must have. */
export const TLS_SECRET_TYPE = 'kubernetes.io/tls';

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

const coreApis = new WeakMap<KubeConfig, CoreV1Api>();

/** One `CoreV1Api` per KubeConfig, so repeated reads share the client's HTTP agent. */
function coreApi(kube: KubeConfig): CoreV1Api {
  let api = coreApis.get(kube);
  if (!api) {
    api = kube.makeApiClient(CoreV1Api);
    coreApis.set(kube, api);
  }
  return api;
}

/**
 * GETs a Secret. Kubernetes errors (`ApiException`, e.g. 404) are passed through unchanged.
 *
 * @param kube - The Kubernetes client configuration.
 * @param namespace - Secret namespace (passed as is, even when empty, like Go).
 * @param name - Secret name.
 */
export async function readTLSSecret(kube: KubeConfig, namespace: string, name: string): Promise<V1Secret> {
  return coreApi(kube).readNamespacedSecret({ name, namespace });
}

/** Decodes a base64 data entry, or undefined when the key is absent. */
function secretData(secret: V1Secret, key: string): string | undefined {
  const value = secret.data?.[key];
  return value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8');
}

/** Every PEM block of the given type, as text (`-----BEGIN <type>----- … -----END <type>-----`). */
function pemBlocks(text: string, typePattern: string): string[] {
  const pattern = new RegExp(`-----BEGIN (${typePattern})-----[\\s\\S]*?-----END \\1-----`, 'g');
  return text.match(pattern) ?? [];
}

/**
 * Parses every `CERTIFICATE` PEM block, skipping blocks that do not parse (like Go's `AppendCertsFromPEM`).
 *
 * @returns PEM of each certificate that parsed.
 */
export function parseCertificatePool(pem: string): string[] {
  const certificates: string[] = [];
  for (const block of pemBlocks(pem, 'CERTIFICATE')) {
    try {
      certificates.push(new X509Certificate(block).toString());
    } catch {
      // Go skips certificates that fail to parse.
    }
  }
  return certificates;
}

/**
 * Loads the CA that signs the target service's certificate (Go `ApplyTLSConfig`, §1.1).
 *
 * @returns PEM certificates to trust exclusively, or undefined (system roots) when the CA secret name is empty.
 * @throws SecretFormatError for a wrong type, a missing `tls.crt`, or no parsable certificate; Kubernetes errors unchanged.
 */
export async function loadCertificateAuthority(kube: KubeConfig, options: HTTPOptions): Promise<string[] | undefined> {
  if (options.caSecretName === '') {
    return undefined;
  }
  const secret = await readTLSSecret(kube, options.caSecretNamespace, options.caSecretName);
  if (secret.type !== TLS_SECRET_TYPE) {
    throw new SecretFormatError('issuer CA not of type kubernetes.io/tls');
  }
  const certificatePem = secretData(secret, 'tls.crt');
  if (certificatePem === undefined) {
    throw new SecretFormatError('issuer CA missing tls.crt');
  }
  const certificates = parseCertificatePool(certificatePem);
  if (certificates.length === 0) {
    throw new SecretFormatError('failed to load identity CA certificate');
  }
  return certificates;
}

/**
 * Parses a certificate chain and private key into a checked {@link ClientCredential}
 * (Go `tls.X509KeyPair`). Accepts PKCS#1 RSA, PKCS#8 and SEC1 EC private keys.
 *
 * @throws SecretFormatError with a short detail (cause attached) when either part does not parse or they do not match.
 */
export function parseClientCredential(certificatePem: string, keyPem: string): ClientCredential {
  const chain: X509Certificate[] = [];
  for (const block of pemBlocks(certificatePem, 'CERTIFICATE')) {
    try {
      chain.push(new X509Certificate(block));
    } catch (error) {
      throw new SecretFormatError('certificate tls.crt holds an invalid certificate', { cause: error });
    }
  }
  const leaf = chain[0];
  if (!leaf) {
    throw new SecretFormatError('certificate tls.crt holds no certificate');
  }

  const privateKeyPem = pemBlocks(keyPem, '[A-Z0-9 ]*PRIVATE KEY')[0];
  if (!privateKeyPem) {
    throw new SecretFormatError('certificate tls.key is not a valid private key');
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(privateKeyPem);
  } catch (error) {
    throw new SecretFormatError('certificate tls.key is not a valid private key', { cause: error });
  }

  let matches: boolean;
  try {
    matches = leaf.checkPrivateKey(privateKey);
  } catch (error) {
    throw new SecretFormatError('certificate tls.key does not match tls.crt', { cause: error });
  }
  if (!matches) {
    throw new SecretFormatError('certificate tls.key does not match tls.crt');
  }

  return {
    certificateChainPem: chain.map((certificate) => certificate.toString()).join(''),
    privateKeyPem,
    privateKey,
    leaf,
    chain,
    fingerprint: createHash('sha256').update(leaf.raw).digest('hex'),
  };
}

/**
 * Reads and parses a client certificate Secret unconditionally (no empty-name shortcut).
 *
 * @throws SecretFormatError (`certificate not of type kubernetes.io/tls`, `certificate missing tls.crt`,
 *   `certificate missing tls.key`, or a parse detail); Kubernetes errors unchanged.
 */
export async function readClientCredential(
  kube: KubeConfig,
  namespace: string,
  name: string,
): Promise<ClientCredential> {
  const secret = await readTLSSecret(kube, namespace, name);
  if (secret.type !== TLS_SECRET_TYPE) {
    throw new SecretFormatError('certificate not of type kubernetes.io/tls');
  }
  const certificatePem = secretData(secret, 'tls.crt');
  if (certificatePem === undefined) {
    throw new SecretFormatError('certificate missing tls.crt');
  }
  const keyPem = secretData(secret, 'tls.key');
  if (keyPem === undefined) {
    throw new SecretFormatError('certificate missing tls.key');
  }
  return parseClientCredential(certificatePem, keyPem);
}

/**
 * Rejects client options whose certificate does not come from a Secret.
 *
 * @throws ClientCredentialError for an unknown source, or for `spiffe` (SPIFFE sources are not available yet;
 *   with a certificate name/namespace also set, Go's conflict error comes first).
 */
export function assertSecretSource(clientOptions: HTTPClientOptions): void {
  if (clientCertificateSource(clientOptions) !== 'spiffe') {
    return;
  }
  if (clientOptions.certificateName !== '' || clientOptions.certificateNamespace !== '') {
    throw new ClientCredentialError(
      '--client-certificate-source=spiffe conflicts with --client-certificate-name/--client-certificate-namespace; set one or the other',
    );
  }
  throw new ClientCredentialError('SPIFFE sources not initialised; call InitSPIFFE before building clients');
}

/**
 * Loads the client credential once, fresh from its Secret (§1.2).
 *
 * @returns The credential, or undefined when the certificate namespace or name is empty.
 * @throws ClientCredentialError for a non-secret source; otherwise as {@link readClientCredential}.
 */
export async function loadClientCredential(
  kube: KubeConfig,
  clientOptions: HTTPClientOptions,
): Promise<ClientCredential | undefined> {
  assertSecretSource(clientOptions);
  if (clientOptions.certificateNamespace === '' || clientOptions.certificateName === '') {
    return undefined;
  }
  return readClientCredential(kube, clientOptions.certificateNamespace, clientOptions.certificateName);
}
