/**
 * Authentication results and the pluggable bearer authenticator (Go identity `pkg/middleware/openapi` `Authorizer`
 * and `authorization.Info`). The framework (certificate extraction, the mTLS/bearer choice, the principal, the ACL
 * cache, error replies) is {@link InboundValidator}; an authenticator only validates bearer tokens and fetches ACLs.
 */

import type { Context } from '@opentelemetry/api';
import type { Principal } from '../principal';

/** The claim under which identity puts account type and organizations. */
export const AuthzClaim = 'https://unikorn-cloud.org/authz';

/** Account type and organizations of an authenticated subject. */
export interface AuthClaims {
  /** `user`, `service` or `system`. */
  acctype: string;
  /** Organizations the subject belongs to. */
  orgIds?: string[];
}

/** What is known about the authenticated subject (identity's `userinfo`). */
export interface Userinfo {
  /** The subject: a user, a service account, or the certificate CN of a system account. */
  sub: string;
  /** Email address, when known. */
  email?: string;
  /** Account type and organizations. */
  [AuthzClaim]?: AuthClaims;
}

/** Go `authorization.Info`: who a request was authenticated as. */
export interface AuthorizationInfo {
  /** The bearer token as presented (the source token, never a passport); `''` on the mTLS path. */
  token: string;
  /** The subject. */
  userinfo: Userinfo;
  /** OAuth2 client that started the session, when known. */
  clientId: string;
  /** Authenticated by X.509 (mTLS system account). */
  systemAccount: boolean;
  /** A service account. */
  serviceAccount: boolean;
  /** Issuer that authenticated the subject (`src_iss`); `''` on the mTLS path. */
  srcIss: string;
  /** IdP groups (the remote authenticator never sets them, as in Go). */
  groups?: string[];
}

/** An access control list as identity's `GET …/acl` returns it (`global`, `organization`, `organizations`, `projects`). */
export type ACL = Readonly<Record<string, unknown>>;

/** What {@link BearerAuthenticator.authorize} gets. */
export interface AuthorizeInput {
  /** The `Authorization` header, as received (non-empty). */
  authorization: string;
  /** The request's host as Go's `r.Host` (for `WWW-Authenticate` challenges). */
  host: string;
  /** Path parameters of the operation (`organizationID`, `projectID` scope the token). */
  pathParams: Readonly<Record<string, string>>;
  /** The operation's security scheme type (`oauth2` for every Unikorn operation). */
  securitySchemeType: string;
  /** The certificate relayed with this request (query-escaped PEM), which identity calls relay onwards. */
  clientCertificate?: string;
  /** The request's OpenTelemetry context (the caller's trace). */
  traceContext: Context;
}

/** What {@link BearerAuthenticator.getACL} gets. */
export interface ACLInput {
  /** The authentication result. */
  info: AuthorizationInfo;
  /** The path `organizationID`, `''` for the global ACL. */
  organizationId: string;
  /** The request's principal (re-sent as `X-Principal`). */
  principal?: Principal;
  /** Whether the principal is impersonated (`X-Impersonate: true`). */
  impersonate: boolean;
  /** The certificate relayed with this request. */
  clientCertificate?: string;
  /** The request's OpenTelemetry context. */
  traceContext: Context;
}

/**
 * Validates bearer tokens and fetches ACLs (Go's `Authorizer`). `authorize` runs only for requests with an
 * `Authorization` header; it throws a core `ServerError` (e.g. `accessDenied(host, …)`, `httpForbidden(…)`) to
 * refuse, and anything else becomes a 500. `getACL`, when present, runs for every authenticated request (mTLS
 * too); its results are cached by the validator.
 */
export interface BearerAuthenticator {
  /** Authenticates the bearer token of a request. */
  authorize(input: AuthorizeInput): Promise<AuthorizationInfo>;
  /** The ACL of an authenticated request. */
  getACL?(input: ACLInput): Promise<ACL>;
}

/** Go's mTLS system-account result: subject from the certificate, acctype `system`, no token, no issuer. */
export function systemAccountInfo(subject: string): AuthorizationInfo {
  return {
    token: '',
    userinfo: { sub: subject, [AuthzClaim]: { acctype: 'system' } },
    clientId: '',
    systemAccount: true,
    serviceAccount: false,
    srcIss: '',
  };
}

/**
 * Go `generatePrincipal`: the principal of a plain bearer call, made from the path and the token, never from a
 * client-sent `X-Principal`. Type is `service` for service accounts, else `user` (also for `system` and no claims).
 */
export function generatePrincipal(info: AuthorizationInfo, pathParams: Readonly<Record<string, string>>): Principal {
  const claims = info.userinfo[AuthzClaim];
  return {
    organizationId: pathParams.organizationID,
    organizationIds: claims?.orgIds,
    projectId: pathParams.projectID,
    type: claims?.acctype === 'service' ? 'service' : 'user',
    actor: info.userinfo.sub,
  };
}
