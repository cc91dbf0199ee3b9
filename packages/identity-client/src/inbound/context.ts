/**
 * The receiving side as a Go server authenticates (identity main `pkg/middleware/openapi`), then runs the handler
 * inside the request's identity so outbound clients relay the principal, the client certificate and the trace
 * context with no glue. Framework-agnostic: takes a node `IncomingMessage` (Express and Fastify's raw request are
 * ones) or plain headers with an optional TLS socket. Fails closed: every failure is an {@link InboundRequestError}
 * carrying Go's reply.
 */

import type { X509Certificate } from 'node:crypto';
import { TLSSocket } from 'node:tls';
import { type Context, context, propagation } from '@opentelemetry/api';
import { asAPIError, type RequestHeaderRecord, requestHost } from '@unikorn-cloud/core-client';
import { currentIdentityContext, type IdentityContext, withIdentityContext } from '../context';
import { AuthorizationHeader, ClientCertificateHeader } from '../headers';
import type { KubeConfig } from '../kubeConfig';
import type { Principal } from '../principal';
import { aclCacheKey } from './aclCacheKey';
import {
  type ACL,
  type AuthorizationInfo,
  type BearerAuthenticator,
  generatePrincipal,
  systemAccountInfo,
} from './authorization';
import { callerOf, type ExtractedClientCertificate, ingressCertificate, relayedOrCaller } from './clientCertificate';
import { AccessDeniedError, AuthenticatorError, InboundInternalError, InboundRequestError } from './errors';
import { ExpiringLRUCache } from './expiringCache';
import { type HeaderSource, headerValue, type NormalizedHeaders, normalizeHeaders } from './headers';
import { type ExtractedPrincipal, readCallerPrincipal } from './principal';

/** The parts of an inbound request this module reads; a node `IncomingMessage` fits. */
export interface InboundRequest {
  /** Request headers. */
  headers: HeaderSource;
  /** Node's per-header value lists (`IncomingMessage.headersDistinct`), preferred over `headers` when present. */
  headersDistinct?: HeaderSource;
  /** The connection; a `TLSSocket` whose peer certificate was verified supplies the verified peer. */
  socket?: unknown;
}

/** The operation a request was routed to. */
export interface InboundOperation {
  /** Whether the operation has an OpenAPI `security` requirement (default true). Without one nothing is authenticated. */
  secured?: boolean;
  /** Raw path parameters; `organizationID` and `projectID` scope tokens, ACLs and generated principals. */
  pathParams?: Readonly<Record<string, string | undefined>>;
  /** The security scheme type (default `oauth2`, the only one Unikorn uses). */
  securitySchemeType?: string;
}

/** Options of {@link InboundValidator} and the functions built on it. */
export interface InboundOptions {
  /**
   * Validates bearer tokens (and fetches ACLs), e.g. `RemoteAuthorizer`. Without one a request carrying
   * `Authorization` is refused with 401 `bearer tokens are not accepted by this server`.
   */
  authenticator?: BearerAuthenticator;
  /** The verified client certificate of this connection; default: read from an authorized `TLSSocket`. */
  peerCertificate?: X509Certificate;
  /**
   * Trust `Ssl-Client-Cert` / `Ssl-Client-Verify` (set by a TLS-terminating ingress that strips them from client
   * requests, as Go servers assume). Default false: such headers are refused with 400.
   */
  trustIngressHeaders?: boolean;
  /** Kubernetes client to place in the identity context; default: inherited from the current scope. */
  kube?: KubeConfig;
  /** Resolve the ACL through `authenticator.getACL` when it has one (default true). */
  resolveACL?: boolean;
  /** ACL cache entries (Go `--acl-cache-size`, default 65536). */
  aclCacheSize?: number;
  /** ACL cache lifetime in ms (Go `--acl-cache-timeout`, default 60000). */
  aclCacheTimeoutMs?: number;
}

/** Everything known about an authenticated inbound request. */
export interface InboundIdentity {
  /** The identity context outbound clients use (principal, impersonation, relayed certificate). */
  identity: IdentityContext;
  /** The certificate relayed onwards (relay header verbatim, else the caller's), with its provenance. */
  clientCertificate?: ExtractedClientCertificate;
  /** The immediate caller's certificate (verified peer or ingress-verified header), when parsed. */
  callerCertificate?: X509Certificate;
  /** The principal a certificate-authenticated caller sent (undefined on the bearer path, where it is generated). */
  principal?: ExtractedPrincipal;
  /** Who the request was authenticated as; undefined for an operation without security. */
  authorization?: AuthorizationInfo;
  /** The subject: the mTLS system account's certificate name, or the bearer token's `sub`. */
  subject?: string;
  /** The ACL, when the authenticator provides them. */
  acl?: ACL;
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

/**
 * The subject of an mTLS system account: the certificate's CN, else (deliberately following identity's newer
 * SVID-aware code rather than Go main, which would give every SVID the same empty subject and so the same ACL
 * cache entry) its first `spiffe://` URI SAN, else `''`.
 */
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
 * The OpenTelemetry context of an inbound request: the active context with the caller's W3C trace context
 * (`traceparent`/`tracestate`) extracted by the registered propagator (a no-op without one).
 */
export function extractTraceContext(request: InboundRequest): Context {
  const headers = normalizeHeaders(request.headersDistinct ?? request.headers);
  return propagation.extract(context.active(), headers, {
    get: (carrier, key) => (Object.hasOwn(carrier, key.toLowerCase()) ? carrier[key.toLowerCase()] : undefined),
    keys: (carrier) => Object.keys(carrier),
  });
}

function hostRequest(headers: NormalizedHeaders): string {
  return requestHost({ headers: headers as RequestHeaderRecord });
}

/** Go's `HandleError` view of an authenticator failure: an API error is replied as it is, anything else is a 500. */
function asInboundError(error: unknown): InboundRequestError {
  if (error instanceof InboundRequestError) return error;
  const apiError = asAPIError(error);
  return apiError === undefined ? new InboundInternalError(error) : new AuthenticatorError(apiError);
}

function stringParams(params: InboundOperation['pathParams']): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(params ?? {})) {
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

/**
 * Authenticates inbound requests as a Go server does, holding the ACL cache. Build one per server and reuse it.
 *
 * 1. Certificates: an `Ssl-Client-Cert` that is untrusted or not `SUCCESS`-verified is refused (400); the relayed
 *    certificate is a non-empty `Unikorn-Client-Certificate` verbatim, else the immediate caller's.
 * 2. Operations without security stop here: no authentication, no principal.
 * 3. Without `Authorization`: the immediate caller must be certificate-authenticated (verified TLS peer or trusted
 *    ingress header), else 401 `authorization header missing` with Go's challenge; the subject is the relayed
 *    certificate's name (an unparsable one is a 500, as in Go). With `Authorization`: the bearer authenticator decides.
 * 4. Principal: from `X-Principal` when the immediate caller is certificate-authenticated, else generated from the
 *    token and the path (a client-sent `X-Principal` is ignored).
 * 5. ACL: through the authenticator, cached by Go's key.
 */
export class InboundValidator {
  private readonly acls: ExpiringLRUCache<string, ACL>;
  private readonly aclTimeoutMs: number;

  constructor(private readonly options: InboundOptions = {}) {
    this.acls = new ExpiringLRUCache({ maxEntries: options.aclCacheSize ?? 65_536 });
    this.aclTimeoutMs = options.aclCacheTimeoutMs ?? 60_000;
  }

  /**
   * Authenticates `request` for `operation`.
   * @throws InboundRequestError with Go's status, code, description and headers (write it with core `handleError`).
   */
  async authenticate(request: InboundRequest, operation: InboundOperation = {}): Promise<InboundIdentity> {
    const headers = normalizeHeaders(request.headersDistinct ?? request.headers);
    const traceContext = extractTraceContext({ headers });
    const options = this.options;
    const certificateOptions = {
      peerCertificate: options.peerCertificate ?? verifiedPeerCertificate(request.socket),
      trustIngressHeaders: options.trustIngressHeaders,
    };
    // Go main ExtractClientCert: an unverified Ssl-Client-Cert is refused when there is no relay header (and, here,
    // always next to a verified TLS peer, which must not also claim an ingress certificate).
    const ingress = ingressCertificate(headers, certificateOptions);
    const relayed = headerValue(headers, ClientCertificateHeader);
    if (ingress.error !== undefined && (certificateOptions.peerCertificate !== undefined || relayed === '')) {
      throw ingress.error;
    }
    const caller = callerOf(ingress, certificateOptions.peerCertificate);
    const clientCertificate = relayedOrCaller(headers, caller);
    const kube = options.kube ?? currentIdentityContext().kube;
    const base = { clientCertificate, callerCertificate: caller?.certificate, traceContext };
    if (operation.secured === false) {
      return { ...base, identity: { clientCertificate: clientCertificate?.value, kube } };
    }
    const pathParams = stringParams(operation.pathParams);
    const authorization = headerValue(headers, AuthorizationHeader);
    if (authorization !== '' && ingress.error !== undefined) {
      // Deliberately stricter than Go main, which checks only that Ssl-Client-Cert is non-empty before taking the
      // principal from X-Principal on the bearer path: an unverified ingress certificate is refused instead.
      throw ingress.error;
    }
    const info = await this.authenticateCaller(
      authorization,
      headers,
      caller,
      clientCertificate,
      pathParams,
      operation,
      traceContext,
    );

    let extracted: ExtractedPrincipal | undefined;
    let principal: Principal;
    if (caller !== undefined) {
      extracted = await readCallerPrincipal(headers, caller);
      principal = extracted.principal;
    } else {
      principal = generatePrincipal(info, pathParams);
    }
    const impersonate = extracted?.impersonate === true;
    const identity: IdentityContext = {
      principal,
      impersonate: impersonate ? true : undefined,
      clientCertificate: clientCertificate?.value,
      kube,
    };
    const acl = await this.resolveACL(
      info,
      principal,
      impersonate,
      pathParams.organizationID ?? '',
      identity,
      traceContext,
    );
    return { ...base, identity, principal: extracted, authorization: info, subject: info.userinfo.sub, acl };
  }

  private async authenticateCaller(
    authorization: string,
    headers: NormalizedHeaders,
    caller: ExtractedClientCertificate | undefined,
    clientCertificate: ExtractedClientCertificate | undefined,
    pathParams: Record<string, string>,
    operation: InboundOperation,
    traceContext: Context,
  ): Promise<AuthorizationInfo> {
    if (authorization === '') {
      if (caller === undefined || clientCertificate === undefined) {
        throw new AccessDeniedError(hostRequest(headers), 'authorization header missing');
      }
      if (clientCertificate.certificate === undefined) {
        throw new InboundInternalError(clientCertificate.parseError);
      }
      return systemAccountInfo(certificateSubject(clientCertificate.certificate));
    }
    const authenticator = this.options.authenticator;
    if (authenticator === undefined) {
      throw new AccessDeniedError(hostRequest(headers), 'bearer tokens are not accepted by this server');
    }
    const input = {
      authorization,
      host: hostRequest(headers),
      pathParams,
      securitySchemeType: operation.securitySchemeType ?? 'oauth2',
      clientCertificate: clientCertificate?.value,
      traceContext,
    };
    try {
      return await context.with(traceContext, () =>
        withIdentityContext({ clientCertificate: clientCertificate?.value }, () => authenticator.authorize(input)),
      );
    } catch (error) {
      throw asInboundError(error);
    }
  }

  private async resolveACL(
    info: AuthorizationInfo,
    principal: Principal,
    impersonate: boolean,
    organizationId: string,
    identity: IdentityContext,
    traceContext: Context,
  ): Promise<ACL | undefined> {
    const authenticator = this.options.authenticator;
    if (authenticator?.getACL === undefined || this.options.resolveACL === false) {
      return undefined;
    }
    const key = aclCacheKey(info, principal, impersonate, organizationId);
    const cached = this.acls.get(key);
    if (cached !== undefined) return cached;
    const input = {
      info,
      organizationId,
      principal,
      impersonate,
      clientCertificate: identity.clientCertificate,
      traceContext,
    };
    let acl: ACL;
    try {
      acl = await context.with(traceContext, () =>
        withIdentityContext(identity, () => (authenticator.getACL as NonNullable<typeof authenticator.getACL>)(input)),
      );
    } catch (error) {
      throw asInboundError(error);
    }
    this.acls.set(key, acl, this.aclTimeoutMs);
    return acl;
  }

  /**
   * Authenticates `request`, then runs `fn` inside its identity and trace context; clients built from this package
   * then relay its principal, client certificate and trace automatically.
   * @throws InboundRequestError before `fn` runs when authentication fails.
   */
  async run<R>(
    request: InboundRequest,
    fn: (inbound: InboundIdentity) => R | Promise<R>,
    operation: InboundOperation = {},
  ): Promise<R> {
    const inbound = await this.authenticate(request, operation);
    return context.with(inbound.traceContext, () => withIdentityContext(inbound.identity, () => fn(inbound)));
  }
}

/** Options of the one-call functions: validator options, the operation, or a validator to reuse (keeps the ACL cache). */
export interface InboundCallOptions extends InboundOptions, InboundOperation {
  /** A validator to use instead of one built from these options. */
  validator?: InboundValidator;
}

/**
 * Authenticates an inbound request (see {@link InboundValidator}). Pass `validator` to keep ACLs cached across calls.
 * @throws InboundRequestError with Go's reply.
 */
export function inboundContext(request: InboundRequest, options: InboundCallOptions = {}): Promise<InboundIdentity> {
  return (options.validator ?? new InboundValidator(options)).authenticate(request, options);
}

/**
 * Runs `fn` inside the identity and trace context of an authenticated inbound request.
 * @throws InboundRequestError before `fn` runs when authentication fails (write it with core `handleError`).
 */
export function runWithInboundContext<R>(
  request: InboundRequest,
  fn: (inbound: InboundIdentity) => R | Promise<R>,
  options: InboundCallOptions = {},
): Promise<R> {
  return (options.validator ?? new InboundValidator(options)).run(request, fn, options);
}
