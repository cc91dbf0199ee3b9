/**
 * Wire header names of the Unikorn service-to-service trust model (identity `pkg/principal`,
 * `pkg/middleware/authorization` and `pkg/util`). Values are wire-visible and match the Go services.
 */

/** Carries the delegated principal: unpadded base64url JSON (API path) or a compact JWS (controller path). */
export const PrincipalHeader = 'X-Principal';

/** Set to exactly `true` when the principal's actor is impersonated. */
export const ImpersonateHeader = 'X-Impersonate';

/** Relays the (URL query-escaped PEM) certificate of the service that started the call chain. */
export const ClientCertificateHeader = 'Unikorn-Client-Certificate';

/** Set by a TLS-terminating ingress (ingress-nginx): the URL-escaped PEM of the verified client certificate. */
export const SslClientCertHeader = 'Ssl-Client-Cert';

/** Set by a TLS-terminating ingress: must be exactly `SUCCESS` for {@link SslClientCertHeader} to be trusted. */
export const SslClientVerifyHeader = 'Ssl-Client-Verify';

/** Standard authorization header, used only by the optional (legacy) access-token mutator. */
export const AuthorizationHeader = 'Authorization';
