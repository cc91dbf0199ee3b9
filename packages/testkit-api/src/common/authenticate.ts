import { X509Certificate } from 'node:crypto';
import { accessDenied, oauth2InvalidRequest } from '@unikorn-cloud/core-client';
import type { HandlerResponse, RecordedRequest } from '@unikorn-cloud/testkit';
import { commonNameOf, isVerifiedBy, parseRelayedCertificate } from './clientCertificate';
import { errorReply } from './errorResponse';
import { type APIPrincipal, readPrincipal } from './principal';

/** Who called: the authenticated subject and the propagated principal, or the error answer. */
export type Authentication =
  | {
      readonly ok: true;
      readonly subject: string | undefined;
      readonly principal: APIPrincipal | undefined;
      readonly signed: boolean;
      readonly impersonate: boolean;
    }
  | { readonly ok: false; readonly response: HandlerResponse; readonly subject: string | undefined };

/** Inputs of {@link authenticate} besides the request. */
export interface AuthenticationOptions {
  /** CAs a TLS peer certificate must be issued by. */
  readonly trusted: readonly X509Certificate[];
  /** Current time, ms since the epoch. */
  readonly now: number;
  readonly traceId: string;
  /** False for operations without security requirements: only the client certificate step runs. */
  readonly requiresAuthentication: boolean;
  /**
   * Validates a bearer token and returns its subject (undefined: refused). Without it, a request carrying
   * `Authorization` is refused (this server then accepts mTLS callers only).
   */
  readonly bearer?: (token: string) => string | undefined;
}

/** Go `Header.Get`: the first value of a header, matching the name case-insensitively. */
export function firstHeader(request: RecordedRequest, name: string): string | undefined {
  const lower = name.toLowerCase();
  return request.rawHeaders.find(([key]) => key.toLowerCase() === lower)?.[1];
}

/**
 * Authenticates like identity's OpenAPI middleware, with the TLS peer certificate in the role of
 * the ingress-verified `Ssl-Client-Cert`: certificate propagation (400), bearer or client certificate (401),
 * subject from the relayed certificate else the peer, then the principal (400).
 */
export async function authenticate(request: RecordedRequest, options: AuthenticationOptions): Promise<Authentication> {
  const { traceId } = options;
  const host = request.headers.host ?? '127.0.0.1';
  const relayValue = firstHeader(request, 'Unikorn-Client-Certificate');
  const relayed = relayValue === undefined || relayValue === '' ? undefined : parseRelayedCertificate(relayValue);
  const peer = request.clientCertificate === undefined ? undefined : new X509Certificate(request.clientCertificate.pem);
  const propagationFailed =
    (relayValue !== undefined && relayValue !== '' && relayed === undefined) ||
    (peer !== undefined && !isVerifiedBy(peer, options.trusted, options.now));
  if (propagationFailed) {
    const response = errorReply(oauth2InvalidRequest('certificate propagation failure'), traceId);
    return { ok: false, response, subject: undefined };
  }
  if (!options.requiresAuthentication) {
    return { ok: true, subject: undefined, principal: undefined, signed: false, impersonate: false };
  }
  const authorization = firstHeader(request, 'Authorization');
  if (authorization !== undefined && authorization !== '') {
    if (options.bearer === undefined) {
      const response = errorReply(accessDenied(host, 'bearer tokens are not accepted by this server'), traceId);
      return { ok: false, response, subject: undefined };
    }
    return authenticateBearer(request, authorization, peer, host, options);
  }
  if (peer === undefined) {
    return {
      ok: false,
      response: errorReply(accessDenied(host, 'authorization header missing'), traceId),
      subject: undefined,
    };
  }
  const subject = commonNameOf(relayed ?? peer);
  const result = await readPrincipal(firstHeader(request, 'X-Principal'), firstHeader(request, 'X-Impersonate'), peer);
  if (!result.ok) {
    return { ok: false, response: errorReply(oauth2InvalidRequest(result.description), traceId), subject };
  }
  return { ok: true, subject, principal: result.principal, signed: result.signed, impersonate: result.impersonate };
}

/**
 * The bearer path as identity's local authorizer takes it: `<scheme> <token>` with scheme `bearer` in any case
 * (401 `authorization header malformed` / `authorization scheme not allowed`), a token the server issued (401
 * `token is invalid or has expired`), then the principal from `X-Principal` when the caller is a TLS peer (a
 * service calling on a user's behalf), else none (the handler derives it).
 */
async function authenticateBearer(
  request: RecordedRequest,
  authorization: string,
  peer: X509Certificate | undefined,
  host: string,
  options: AuthenticationOptions,
): Promise<Authentication> {
  const { traceId } = options;
  const parts = authorization.split(' ');
  if (parts.length !== 2) {
    return {
      ok: false,
      response: errorReply(accessDenied(host, 'authorization header malformed'), traceId),
      subject: undefined,
    };
  }
  if (parts[0].toLowerCase() !== 'bearer') {
    return {
      ok: false,
      response: errorReply(accessDenied(host, 'authorization scheme not allowed'), traceId),
      subject: undefined,
    };
  }
  const subject = options.bearer?.(parts[1]);
  if (subject === undefined) {
    return {
      ok: false,
      response: errorReply(accessDenied(host, 'token is invalid or has expired'), traceId),
      subject: undefined,
    };
  }
  if (peer === undefined) {
    return { ok: true, subject, principal: undefined, signed: false, impersonate: false };
  }
  const result = await readPrincipal(firstHeader(request, 'X-Principal'), firstHeader(request, 'X-Impersonate'), peer);
  if (!result.ok) {
    return { ok: false, response: errorReply(oauth2InvalidRequest(result.description), traceId), subject };
  }
  return { ok: true, subject, principal: result.principal, signed: result.signed, impersonate: result.impersonate };
}
