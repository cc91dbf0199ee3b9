/**
 * Inbound client certificates (identity `pkg/middleware/authorization` and `pkg/util/tls.go`): which certificate
 * a request carries for relay, and which certificate authenticates the immediate caller.
 */

import { X509Certificate } from 'node:crypto';
import { ClientCertificateHeader, SslClientCertHeader, SslClientVerifyHeader } from '../headers';
import { ClientCertificateError } from './errors';
import { type HeaderSource, headerValue, type NormalizedHeaders, normalizeHeaders } from './headers';
import { queryEscape, queryUnescape } from './queryEscape';

/** Where a request's client certificate came from. */
export type ClientCertificateProvenance = 'verified-peer' | 'relayed-header' | 'terminated-header';

/** The client certificate of an inbound request. */
export interface ExtractedClientCertificate {
  /** URL query-escaped PEM, exactly as it will be relayed in `Unikorn-Client-Certificate`. */
  value: string;
  /** The parsed certificate. */
  certificate: X509Certificate;
  /** `verified-peer` (TLS handshake), `relayed-header` (`Unikorn-Client-Certificate`) or `terminated-header` (ingress). */
  provenance: ClientCertificateProvenance;
}

/** Options of the inbound extraction functions. */
export interface ClientCertificateOptions {
  /** The client certificate verified by this server's own TLS handshake, when there is one. */
  peerCertificate?: X509Certificate;
}

const pemBlock = /-----BEGIN ([^\r\n-]*)-----\r?\n([\s\S]*?)-----END \1-----/;

/** PEM text of a certificate as Go's `pem.EncodeToMemory` writes it (64-character lines, final newline). */
export function certificatePem(certificate: X509Certificate): string {
  const lines = certificate.raw.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** The relay encoding of a certificate: URL query-escaped PEM (what ingress-nginx and Go services send). */
export function encodeClientCertificate(certificate: X509Certificate): string {
  return queryEscape(certificatePem(certificate));
}

/**
 * Parses a relayed / ingress certificate value like Go's `util.GetClientCertificate`: query-unescape, first PEM
 * block, type `CERTIFICATE`, X.509 parse.
 * @throws ClientCertificateError `client certificate error: client certificate unescape failed` / `… not PEM
 *   encoded` / `… PEM encoding is not CERTIFICATE` / `… parse failed`.
 */
export function parseClientCertificate(value: string): X509Certificate {
  const pem = queryUnescape(value);
  if (pem === undefined) {
    throw new ClientCertificateError('client certificate unescape failed');
  }
  const block = pemBlock.exec(pem);
  if (block === null || !/^[A-Za-z0-9+/=\s]*$/.test(block[2])) {
    throw new ClientCertificateError('client certificate not PEM encoded');
  }
  if (block[1] !== 'CERTIFICATE') {
    throw new ClientCertificateError('client certificate PEM encoding is not CERTIFICATE');
  }
  try {
    return new X509Certificate(Buffer.from(block[2].replace(/\s+/g, ''), 'base64'));
  } catch (cause) {
    throw new ClientCertificateError('client certificate parse failed', { cause });
  }
}

/**
 * The ingress-verified certificate header (Go `GetClientCertificateHeader`): the raw `Ssl-Client-Cert` value, or
 * undefined when absent.
 * @throws ClientCertificateError `client certificate error: client certificate verification header error` when
 *   `Ssl-Client-Cert` is present but `Ssl-Client-Verify` is not exactly `SUCCESS`.
 */
export function terminatedCertificateHeader(headers: NormalizedHeaders): string | undefined {
  const value = headerValue(headers, SslClientCertHeader);
  if (value === '') {
    return undefined;
  }
  if (headerValue(headers, SslClientVerifyHeader) !== 'SUCCESS') {
    throw new ClientCertificateError('client certificate verification header error');
  }
  return value;
}

/**
 * The certificate a request carries for relay (Go `ExtractClientCert`, TLS-peer variant). Precedence: the
 * verified TLS peer (re-encoded as query-escaped PEM) → `Unikorn-Client-Certificate` (verbatim) →
 * `Ssl-Client-Cert` when `Ssl-Client-Verify` is exactly `SUCCESS`. Undefined when there is none.
 * @throws ClientCertificateError for an unverified `Ssl-Client-Cert` (when it is consulted) or an unparsable value.
 */
export function extractClientCertificate(
  headers: HeaderSource,
  options: ClientCertificateOptions = {},
): ExtractedClientCertificate | undefined {
  if (options.peerCertificate !== undefined) {
    const certificate = options.peerCertificate;
    return { value: encodeClientCertificate(certificate), certificate, provenance: 'verified-peer' };
  }
  const normalized = normalizeHeaders(headers);
  const relayed = headerValue(normalized, ClientCertificateHeader);
  if (relayed !== '') {
    return { value: relayed, certificate: parseClientCertificate(relayed), provenance: 'relayed-header' };
  }
  const terminated = terminatedCertificateHeader(normalized);
  if (terminated === undefined) {
    return undefined;
  }
  return { value: terminated, certificate: parseClientCertificate(terminated), provenance: 'terminated-header' };
}

/**
 * The certificate of the immediate caller, which authenticates the request and verifies a signed principal:
 * the verified TLS peer, else the ingress-verified `Ssl-Client-Cert`; never the relayed certificate.
 * @throws ClientCertificateError for an unverified or unparsable `Ssl-Client-Cert`.
 */
export function extractCallerCertificate(
  headers: HeaderSource,
  options: ClientCertificateOptions = {},
): X509Certificate | undefined {
  if (options.peerCertificate !== undefined) {
    return options.peerCertificate;
  }
  const terminated = terminatedCertificateHeader(normalizeHeaders(headers));
  return terminated === undefined ? undefined : parseClientCertificate(terminated);
}
