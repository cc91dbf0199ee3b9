/**
 * Runs a request handler inside the identity of an inbound request, so outbound clients relay the principal,
 * the client certificate and the trace context with no glue. Framework-agnostic: takes a node
 * `IncomingMessage` (Express and Fastify's raw request are ones) or plain headers with an optional TLS socket.
 */

import type { X509Certificate } from 'node:crypto';
import { TLSSocket } from 'node:tls';
import { type Context, context, propagation } from '@opentelemetry/api';
import { currentIdentityContext, type IdentityContext, withIdentityContext } from '../context';
import { AuthorizationHeader } from '../headers';
import type { KubeConfig } from '../kubeConfig';
import {
  type ExtractedClientCertificate,
  extractCallerCertificate,
  extractClientCertificate,
} from './clientCertificate';
import { AccessDeniedError } from './errors';
import { type HeaderSource, headerValue, normalizeHeaders } from './headers';
import { type ExtractedPrincipal, extractPrincipal } from './principal';

/** The parts of an inbound request this module reads; a node `IncomingMessage` fits. */
export interface InboundRequest {
  /** Request headers. */
  headers: HeaderSource;
  /** Node's per-header value lists (`IncomingMessage.headersDistinct`), preferred over `headers` when present. */
  headersDistinct?: HeaderSource;
  /** The connection; a `TLSSocket` whose peer certificate was verified supplies the verified peer. */
  socket?: unknown;
}

/** Options of {@link inboundContext}. */
export interface InboundOptions {
  /** The verified client certificate of this connection; default: read from an authorized `TLSSocket`. */
  peerCertificate?: X509Certificate;
  /**
   * Accept requests with neither an `Authorization` header nor a verified caller certificate (no identity is
   * extracted). Default false: such requests fail with {@link AccessDeniedError} (401), as on a Go server.
   */
  allowAnonymous?: boolean;
  /** Kubernetes client to place in the identity context; default: inherited from the current scope. */
  kube?: KubeConfig;
}

/** Everything extracted from an inbound request. */
export interface InboundIdentity {
  /** The identity context outbound clients will use. */
  identity: IdentityContext;
  /** The certificate relayed onwards, with its provenance. */
  clientCertificate?: ExtractedClientCertificate;
  /** The certificate of the immediate caller (verified peer or ingress-verified header). */
  callerCertificate?: X509Certificate;
  /** The received principal, when the caller was authenticated by certificate. */
  principal?: ExtractedPrincipal;
  /**
   * The authenticated service name a Go server uses as subject: the common name of the relayed/context
   * certificate (else its `spiffe://` URI SAN); undefined without a certificate.
   */
  subject?: string;
  /** The OpenTelemetry context carrying the extracted remote span context (W3C `traceparent`/`tracestate`). */
  traceContext: Context;
}

/** The verified peer certificate of a TLS connection, or undefined (plain socket, unauthorized or no certificate). */
export function verifiedPeerCertificate(socket: unknown): X509Certificate | undefined {
  if (!(socket instanceof TLSSocket) || !socket.authorized) {
    return undefined;
  }
  return socket.getPeerX509Certificate();
}

/** Go `GetClientCertificateSubject`: the subject CN, else the first `spiffe://` URI SAN, else `''`. */
export function certificateSubject(certificate: X509Certificate): string {
  const commonName = certificate.subject
    .split('\n')
    .find((line) => line.startsWith('CN='))
    ?.slice(3);
  if (commonName !== undefined && commonName !== '') {
    return commonName;
  }
  const uri = (certificate.subjectAltName ?? '')
    .split(', ')
    .find((name) => name.startsWith('URI:spiffe://'))
    ?.slice(4);
  return uri ?? '';
}

/**
 * Extracts the identity of an inbound request: relayed client certificate (verified peer → relay header →
 * verified ingress header), caller certificate, principal (`X-Principal`, verified against the caller) and the W3C
 * trace context (OpenTelemetry `propagation.extract`; a no-op without a registered propagator).
 * @throws InboundRequestError with `httpStatus` 400 (propagation failure) or 401 (not authenticated).
 */
export async function inboundContext(request: InboundRequest, options: InboundOptions = {}): Promise<InboundIdentity> {
  const headers = normalizeHeaders(request.headersDistinct ?? request.headers);
  const peerCertificate = options.peerCertificate ?? verifiedPeerCertificate(request.socket);
  const clientCertificate = extractClientCertificate(headers, { peerCertificate });
  const callerCertificate = extractCallerCertificate(headers, { peerCertificate });
  if (callerCertificate === undefined && headerValue(headers, AuthorizationHeader) === '' && !options.allowAnonymous) {
    throw new AccessDeniedError();
  }
  const principal = await extractPrincipal(headers, callerCertificate);
  const identity: IdentityContext = {
    principal: principal?.principal,
    impersonate: principal?.impersonate === true ? true : undefined,
    clientCertificate: clientCertificate?.value,
    kube: options.kube ?? currentIdentityContext().kube,
  };
  const traceContext = propagation.extract(context.active(), headers);
  const subject = clientCertificate === undefined ? undefined : certificateSubject(clientCertificate.certificate);
  return { identity, clientCertificate, callerCertificate, principal, subject, traceContext };
}

/**
 * Runs `fn` inside the identity and trace context of an inbound request; clients built from this package then
 * relay its principal, client certificate and trace automatically.
 * @throws InboundRequestError before `fn` runs when extraction fails (see {@link inboundErrorResponse}).
 */
export async function runWithInboundContext<R>(
  request: InboundRequest,
  fn: (inbound: InboundIdentity) => R | Promise<R>,
  options: InboundOptions = {},
): Promise<R> {
  const inbound = await inboundContext(request, options);
  return context.with(inbound.traceContext, () => withIdentityContext(inbound.identity, () => fn(inbound)));
}
