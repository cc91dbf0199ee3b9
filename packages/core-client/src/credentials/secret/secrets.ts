/**
 * Reading CA and client certificates from `kubernetes.io/tls` Secrets.
 *
 * Error messages carry Go's texts and short details only, never PEM or key material.
 */

import { createHash, createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import {
  ApiException,
  CoreV1Api,
  type KubeConfig,
  Observable,
  type RequestContext,
  type ResponseContext,
  type V1Secret,
} from '@kubernetes/client-node';
import { decodePemBlocks, encodePem } from '../../encoding/goPem';
import { SecretFormatError } from '../../errors/errors';
import { DEFAULT_SECRET_READ_TIMEOUT_MS, SecretReadTimeoutError } from '../../errors/secretReadTimeoutError';
import type { HTTPOptions } from '../../options/options';
import type { ClientCredential } from '../clientCredential';

/** The Secret type every certificate Secret must have. */
export const TLS_SECRET_TYPE = 'kubernetes.io/tls';

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
 * Adds the Secret being read to a Kubernetes failure's message (`reading Secret <ns>/<name>: …`, plus the
 * network cause of a bare `fetch failed`), keeping the error object itself: same class, `code` and `body`.
 */
function nameFailedSecret(error: unknown, namespace: string, name: string): unknown {
  // Duck-typed: fetch's errors can come from another realm (e.g. a test VM context), where instanceof fails.
  const messageOf = (value: unknown) =>
    typeof value === 'object' && value !== null && typeof (value as Error).message === 'string'
      ? (value as Error).message
      : undefined;
  const message = messageOf(error);
  if (message !== undefined) {
    const cause = messageOf((error as Error).cause);
    const detail = !cause || message.includes(cause) ? '' : `: ${cause}`;
    try {
      (error as Error).message = `reading Secret ${namespace}/${name}: ${message}${detail}`;
    } catch {
      // A frozen error is passed on as it is.
    }
  }
  return error;
}

/** Response headers of a failed Secret read worth keeping (diagnostics and back-off); all others are dropped. */
const keptFailureHeaders = ['audit-id', 'retry-after'];

/** client-node hands error bodies over as text; a JSON text is decoded so its Status `reason` can be read. */
function parsedBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/**
 * A Kubernetes `ApiException` from a Secret read, rebuilt without the response body: client-node puts the whole
 * body into the message, `body` and `util.inspect` output, and a body answering a Secret GET (an error status from
 * a misbehaving proxy, a Status message quoting data) can hold key material. Keeps the class, `code`, the reason
 * (the Kubernetes Status `reason`, else the HTTP reason phrase) as a minimal Status `body`, and the
 * `audit-id` / `retry-after` headers. Any other error is returned as it is.
 */
function withoutResponseBody(error: unknown): unknown {
  // Duck-typed like nameFailedSecret: an ApiException from another realm must not slip through.
  const candidate = error as Partial<ApiException<unknown>> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.code !== 'number' ||
    !('body' in candidate)
  ) {
    return error;
  }
  const code = candidate.code;
  const status = parsedBody(candidate.body) as { kind?: unknown; reason?: unknown } | null | undefined;
  const statusReason =
    typeof status === 'object' && status !== null && status.kind === 'Status' && typeof status.reason === 'string'
      ? status.reason
      : '';
  const reason = /^[A-Za-z]{1,64}$/.test(statusReason) ? statusReason : (STATUS_CODES[code] ?? 'Unknown');
  const headers: Record<string, string> = {};
  for (const header of keptFailureHeaders) {
    const value = candidate.headers?.[header];
    if (typeof value === 'string') headers[header] = value;
  }
  const body = { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason, code };
  return new ApiException(code, reason, body, headers);
}

/**
 * GETs a Secret. Kubernetes errors (`ApiException`, e.g. 404, or a network `TypeError`) are passed through with
 * their message prefixed with `reading Secret <namespace>/<name>: `; an `ApiException` is rebuilt without the
 * response body (same class and `code`, see {@link withoutResponseBody}) so no Secret data can reach a log.
 *
 * Every read has its own timeout: no answer within `timeoutMs` aborts it with {@link SecretReadTimeoutError}.
 *
 * @param kube - The Kubernetes client configuration.
 * @param namespace - Secret namespace (passed as is, even when empty, like Go).
 * @param name - Secret name.
 * @param timeoutMs - Bound of this read (default {@link DEFAULT_SECRET_READ_TIMEOUT_MS}).
 */
export async function readTLSSecret(
  kube: KubeConfig,
  namespace: string,
  name: string,
  timeoutMs: number = DEFAULT_SECRET_READ_TIMEOUT_MS,
): Promise<V1Secret> {
  const signal = AbortSignal.timeout(Math.max(1, timeoutMs));
  // client-node lets a middleware set the fetch signal of one request; the KubeConfig's own middleware stays.
  const withTimeout = {
    middleware: [
      {
        pre: (context: RequestContext) => {
          context.setSignal(signal);
          return new Observable(Promise.resolve(context));
        },
        post: (response: ResponseContext) => new Observable(Promise.resolve(response)),
      },
    ],
    middlewareMergeStrategy: 'append' as const,
  };
  try {
    return await coreApi(kube).readNamespacedSecret({ name, namespace }, withTimeout);
  } catch (error) {
    if (signal.aborted) {
      throw new SecretReadTimeoutError(`reading Secret ${namespace}/${name}: no answer within ${timeoutMs}ms`);
    }
    throw nameFailedSecret(withoutResponseBody(error), namespace, name);
  }
}

/** Decodes a base64 data entry, or undefined when the key is absent. */
function secretData(secret: V1Secret, key: string): string | undefined {
  const value = secret.data?.[key];
  return value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8');
}

/**
 * Every PEM block whose type `matches`, as canonical PEM text. Blocks are found as Go's `pem.Decode` finds them, in
 * one linear pass (a regular expression here cost seconds on a large hostile Secret).
 */
function pemBlocks(text: string, matches: (type: string) => boolean): string[] {
  const blocks: string[] = [];
  for (const block of decodePemBlocks(Buffer.from(text, 'utf8'))) {
    if (matches(block.type)) blocks.push(encodePem(block.type, block.bytes).trimEnd());
  }
  return blocks;
}

const isCertificate = (type: string) => type === 'CERTIFICATE';
// Go tls.X509KeyPair: "PRIVATE KEY" or any type ending in " PRIVATE KEY".
const isPrivateKey = (type: string) => type === 'PRIVATE KEY' || type.endsWith(' PRIVATE KEY');

/**
 * Parses every `CERTIFICATE` PEM block, skipping blocks that do not parse (like Go's `AppendCertsFromPEM`).
 *
 * @returns PEM of each certificate that parsed.
 */
export function parseCertificatePool(pem: string): string[] {
  const certificates: string[] = [];
  for (const block of pemBlocks(pem, isCertificate)) {
    try {
      certificates.push(new X509Certificate(block).toString());
    } catch {
      // Go skips certificates that fail to parse.
    }
  }
  return certificates;
}

/**
 * Loads the CA that signs the target service's certificate (Go `ApplyTLSConfig`).
 *
 * @returns PEM certificates to trust exclusively, or undefined (system roots) when the CA secret name is empty.
 * @throws SecretFormatError for a wrong type, a missing `tls.crt`, or no parsable certificate; Kubernetes errors unchanged.
 */
export async function loadCertificateAuthority(
  kube: KubeConfig,
  options: HTTPOptions,
  timeoutMs?: number,
): Promise<string[] | undefined> {
  if (options.caSecretName === '') {
    return undefined;
  }
  const secret = await readTLSSecret(kube, options.caSecretNamespace, options.caSecretName, timeoutMs);
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
  for (const block of pemBlocks(certificatePem, isCertificate)) {
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

  const privateKeyPem = pemBlocks(keyPem, isPrivateKey)[0];
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
  timeoutMs?: number,
): Promise<ClientCredential> {
  const secret = await readTLSSecret(kube, namespace, name, timeoutMs);
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
