/**
 * Inbound client certificates (identity `pkg/middleware/authorization` and `pkg/util/tls.go`, Go main): which
 * certificate a request carries for relay, and which certificate authenticates the immediate caller.
 */

import type { X509Certificate } from 'node:crypto';
import {
  CertificateParseError,
  decodePem,
  encodePem,
  parseCertificateDER,
  queryEscape,
  queryUnescapeBytes,
} from '@unikorn-cloud/core-client';
import { ClientCertificateHeader, SslClientCertHeader, SslClientVerifyHeader } from '../headers';
import { ClientCertificateError } from './errors';
import { type HeaderSource, headerValue, type NormalizedHeaders, normalizeHeaders } from './headers';

/** Where a request's client certificate came from. */
export type ClientCertificateProvenance = 'verified-peer' | 'relayed-header' | 'terminated-header';

/** The client certificate of an inbound request. */
export interface ExtractedClientCertificate {
  /** URL query-escaped PEM, exactly as it will be relayed in `Unikorn-Client-Certificate`. */
  value: string;
  /**
   * The parsed certificate; undefined when the value does not parse (a relayed value is carried verbatim, as in Go,
   * and only parsed where Go parses it: see {@link ExtractedClientCertificate.parseError}).
   */
  certificate?: X509Certificate;
  /** Why the value did not parse, when it did not. */
  parseError?: ClientCertificateError;
  /** `verified-peer` (TLS handshake), `relayed-header` (`Unikorn-Client-Certificate`) or `terminated-header` (ingress). */
  provenance: ClientCertificateProvenance;
}

/** Options of the inbound extraction functions. */
export interface ClientCertificateOptions {
  /** The client certificate verified by this server's own TLS handshake, when there is one. */
  peerCertificate?: X509Certificate;
  /**
   * Whether `Ssl-Client-Cert` / `Ssl-Client-Verify` were set by a TLS-terminating ingress that also strips them
   * from client requests (ingress-nginx with `auth-tls-*`), as Go servers assume. Default false: a server that
   * terminates TLS itself must not believe a caller that claims to have been verified, so a present
   * `Ssl-Client-Cert` is refused (400 `certificate propagation failure`).
   */
  trustIngressHeaders?: boolean;
}

/** PEM text of a certificate as Go's `pem.EncodeToMemory` writes it (64-character lines, final newline). */
export function certificatePem(certificate: X509Certificate): string {
  return encodePem('CERTIFICATE', certificate.raw);
}

/** The relay encoding of a certificate: URL query-escaped PEM (what ingress-nginx and Go services send). */
export function encodeClientCertificate(certificate: X509Certificate): string {
  return queryEscape(certificatePem(certificate));
}

/**
 * Parses a relayed / ingress certificate value like Go's `util.GetClientCertificate`: query-unescape, the first
 * PEM block as Go's `pem.Decode` finds it (strict base64), type `CERTIFICATE`, then `x509.ParseCertificate`'s
 * structural checks (no trailing data, DER lengths) before OpenSSL. Linear in the input.
 * @throws ClientCertificateError `client certificate error: client certificate unescape failed` / `… not PEM
 *   encoded` / `… PEM encoding is not CERTIFICATE` / `… parse failed`.
 */
export function parseClientCertificate(value: string): X509Certificate {
  const pem = queryUnescapeBytes(value);
  if (pem === undefined) {
    throw new ClientCertificateError('client certificate unescape failed');
  }
  const decoded = decodePem(pem);
  if (decoded === undefined) {
    throw new ClientCertificateError('client certificate not PEM encoded');
  }
  if (decoded.block.type !== 'CERTIFICATE') {
    throw new ClientCertificateError('client certificate PEM encoding is not CERTIFICATE');
  }
  try {
    return parseCertificateDER(decoded.block.bytes);
  } catch (cause) {
    throw new ClientCertificateError('client certificate parse failed', {
      cause: cause instanceof CertificateParseError ? cause : undefined,
    });
  }
}

function extracted(value: string, provenance: ClientCertificateProvenance): ExtractedClientCertificate {
  try {
    return { value, certificate: parseClientCertificate(value), provenance };
  } catch (error) {
    return { value, parseError: error as ClientCertificateError, provenance };
  }
}

/** The `Ssl-Client-Cert` of a request: its value when trusted and verified, or why it is refused. */
export interface IngressCertificate {
  /** The raw header value, when the ingress verified it and ingress headers are trusted. */
  value?: string;
  /** Why a present header is refused (unverified, or ingress headers not trusted). */
  error?: ClientCertificateError;
}

/** Reads `Ssl-Client-Cert` / `Ssl-Client-Verify` (Go `GetClientCertificateHeader`) without throwing. */
export function ingressCertificate(
  headers: NormalizedHeaders,
  options: ClientCertificateOptions = {},
): IngressCertificate {
  const value = headerValue(headers, SslClientCertHeader);
  if (value === '') {
    return {};
  }
  if (options.trustIngressHeaders !== true) {
    return { error: new ClientCertificateError('client certificate headers are not trusted') };
  }
  if (headerValue(headers, SslClientVerifyHeader) !== 'SUCCESS') {
    return { error: new ClientCertificateError('client certificate verification header error') };
  }
  return { value };
}

/**
 * The ingress-verified certificate header (Go `GetClientCertificateHeader`): the raw `Ssl-Client-Cert` value, or
 * undefined when absent.
 * @throws ClientCertificateError `client certificate error: client certificate verification header error` when
 *   `Ssl-Client-Cert` is present but `Ssl-Client-Verify` is not exactly `SUCCESS`, and `… client certificate
 *   headers are not trusted` when present on a server that does not trust ingress headers.
 */
export function terminatedCertificateHeader(
  headers: NormalizedHeaders,
  options: ClientCertificateOptions = {},
): string | undefined {
  const ingress = ingressCertificate(headers, options);
  if (ingress.error !== undefined) {
    throw ingress.error;
  }
  return ingress.value;
}

/** The immediate caller from a verified peer or a trusted, verified ingress header (no error checks). */
export function callerOf(
  ingress: IngressCertificate,
  peerCertificate: X509Certificate | undefined,
): ExtractedClientCertificate | undefined {
  if (peerCertificate !== undefined) {
    return {
      value: encodeClientCertificate(peerCertificate),
      certificate: peerCertificate,
      provenance: 'verified-peer',
    };
  }
  return ingress.value === undefined ? undefined : extracted(ingress.value, 'terminated-header');
}

/** The relayed certificate: a non-empty `Unikorn-Client-Certificate` verbatim, else the caller's. */
export function relayedOrCaller(
  headers: NormalizedHeaders,
  caller: ExtractedClientCertificate | undefined,
): ExtractedClientCertificate | undefined {
  const relayed = headerValue(headers, ClientCertificateHeader);
  return relayed === '' ? caller : extracted(relayed, 'relayed-header');
}

/**
 * The certificate of the immediate caller, which authenticates the request and verifies a signed principal: the
 * verified TLS peer, else the ingress-verified `Ssl-Client-Cert`; never the relayed certificate.
 * @throws ClientCertificateError for a present but unverified (or untrusted) `Ssl-Client-Cert`.
 */
export function extractCaller(
  headers: HeaderSource,
  options: ClientCertificateOptions = {},
): ExtractedClientCertificate | undefined {
  return callerOf({ value: terminatedCertificateHeader(normalizeHeaders(headers), options) }, options.peerCertificate);
}

/**
 * The certificate a request carries for relay (Go main `ExtractClientCert`): a non-empty `Unikorn-Client-Certificate`
 * verbatim, else the immediate caller's (verified TLS peer re-encoded as query-escaped PEM, or the ingress-verified
 * `Ssl-Client-Cert`). Undefined when there is none. As in Go, the relay header is not checked here (it only counts
 * where the caller is authenticated, and is parsed only on the mTLS path) and `Ssl-Client-Cert` is only checked when
 * there is no relay header; a verified TLS peer that also sends `Ssl-Client-Cert` is always refused.
 * @throws ClientCertificateError for an unverified or untrusted `Ssl-Client-Cert`, as above.
 */
export function extractClientCertificate(
  headers: HeaderSource,
  options: ClientCertificateOptions = {},
): ExtractedClientCertificate | undefined {
  const normalized = normalizeHeaders(headers);
  const ingress = ingressCertificate(normalized, options);
  if (
    ingress.error !== undefined &&
    (options.peerCertificate !== undefined || headerValue(normalized, ClientCertificateHeader) === '')
  ) {
    throw ingress.error;
  }
  return relayedOrCaller(normalized, callerOf(ingress, options.peerCertificate));
}

/**
 * The parsed certificate of the immediate caller (see {@link extractCaller}).
 * @throws ClientCertificateError for an unverified, untrusted or unparsable `Ssl-Client-Cert`.
 */
export function extractCallerCertificate(
  headers: HeaderSource,
  options: ClientCertificateOptions = {},
): X509Certificate | undefined {
  const caller = extractCaller(headers, options);
  if (caller?.parseError !== undefined) {
    throw caller.parseError;
  }
  return caller?.certificate;
}
