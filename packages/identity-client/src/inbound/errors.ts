/**
 * Errors of the receiving side. Every failure of the inbound entry point is an {@link InboundRequestError}: a core
 * `ServerError` carrying the status, OAuth2 code, description and headers a Go server replies with (identity
 * `pkg/middleware/openapi`), so core's `handleError` writes Go's reply. The message is the internal Go error text
 * (what Go logs); the wire only ever carries the description. Messages never contain certificates or tokens.
 */

import {
  type APIError,
  accessDenied,
  type ErrorCode,
  internalErrorDescription,
  type RequestHost,
  ServerError,
  type UnikornErrorOptions,
} from '@unikorn-cloud/core-client';

/** OAuth2 error codes an inbound failure maps to. */
export type InboundErrorCode = ErrorCode;

/** Wire fields of an {@link InboundRequestError}. */
interface InboundErrorInit {
  status: number;
  errorCode: ErrorCode;
  description: string;
  headers?: Readonly<Record<string, string>>;
  /** Internal text (Go's error), used as the message; defaults to the description. */
  message?: string;
}

/** Base class of every error raised while authenticating an inbound request. */
export class InboundRequestError extends ServerError {
  override readonly name: string = 'InboundRequestError';

  /** @param init - wire fields and the internal message. */
  constructor(init: InboundErrorInit, options?: UnikornErrorOptions) {
    super(init, options);
    if (init.message !== undefined) {
      this.message = init.message;
    }
  }

  /** HTTP status a Go server replies with (same as `status`). */
  get httpStatus(): number {
    return this.status;
  }
}

/**
 * Go `util.ErrClientCertificateError`: message `client certificate error: <detail>`, e.g.
 * `client certificate error: client certificate verification header error`. Replied as 400
 * `certificate propagation failure`.
 */
export class ClientCertificateError extends InboundRequestError {
  override readonly name = 'ClientCertificateError';

  /** @param detail - the Go detail text, e.g. `client certificate parse failed`. */
  constructor(
    readonly detail: string,
    options?: UnikornErrorOptions,
  ) {
    super(
      {
        status: 400,
        errorCode: 'invalid_request',
        description: 'certificate propagation failure',
        message: `client certificate error: ${detail}`,
      },
      options,
    );
  }
}

/**
 * Go `ErrHeader` of the principal extraction: message `header error: <detail>`, e.g.
 * `header error: principal header not present`. Replied as 400 `principal propagation failure for authentication`.
 */
export class PrincipalHeaderError extends InboundRequestError {
  override readonly name = 'PrincipalHeaderError';

  /** @param detail - the Go detail text, e.g. `impersonated principal actor missing`. */
  constructor(
    readonly detail: string,
    options?: UnikornErrorOptions,
    description = 'principal propagation failure for authentication',
  ) {
    super({ status: 400, errorCode: 'invalid_request', description, message: `header error: ${detail}` }, options);
  }
}

/**
 * A signed (JWS) `X-Principal` that does not verify against the immediate caller's certificate. The message is that
 * of the core error it wraps (e.g. `jws error: …`). Replied as 400 `principal propagation failure for authentication`.
 */
export class PrincipalVerificationError extends InboundRequestError {
  override readonly name = 'PrincipalVerificationError';

  /** @param cause - the verification failure, normally a core `JWSError` or `UnsupportedKeyTypeError`. */
  constructor(cause: unknown) {
    super(
      {
        status: 400,
        errorCode: 'invalid_request',
        description: 'principal propagation failure for authentication',
        message: cause instanceof Error ? cause.message : 'jws error',
      },
      { cause },
    );
  }
}

/**
 * Go `errors.AccessDenied`: 401 `access_denied` with the `WWW-Authenticate` challenge naming the receiving host,
 * e.g. `authorization header missing` (no `Authorization` and no certificate-authenticated caller).
 */
export class AccessDeniedError extends InboundRequestError {
  override readonly name = 'AccessDeniedError';

  /**
   * @param request - where the challenge's host comes from (the `Host` header, or the host itself).
   * @param description - the reply description; defaults to Go's `authorization header missing`.
   */
  constructor(request: RequestHost = '', description = 'authorization header missing', options?: UnikornErrorOptions) {
    const template = accessDenied(request, description);
    super(
      { status: 401, errorCode: 'access_denied', description, headers: Object.fromEntries(template.headers) },
      options,
    );
  }
}

/** An API error raised by the bearer authenticator or the ACL lookup, replied exactly as it is. */
export class AuthenticatorError extends InboundRequestError {
  override readonly name = 'AuthenticatorError';

  /** @param error - the API error to reply with (its status, code, description and headers). */
  constructor(error: APIError) {
    super(
      {
        status: error.status,
        errorCode: error.errorCode as ErrorCode,
        description: error.description,
        headers: error instanceof ServerError ? Object.fromEntries(error.headers) : undefined,
        message: error.message,
      },
      { cause: error },
    );
  }
}

/**
 * A failure that is not an API error (a certificate that does not parse on the mTLS path, an authenticator that
 * threw something else): Go's `HandleError` fallback, 500 `server_error` with the fixed text; the cause is kept.
 */
export class InboundInternalError extends InboundRequestError {
  override readonly name = 'InboundInternalError';

  /** @param cause - what went wrong; logged, never sent. */
  constructor(cause: unknown) {
    super(
      {
        status: 500,
        errorCode: 'server_error',
        description: internalErrorDescription,
        message: cause instanceof Error ? cause.message : internalErrorDescription,
      },
      { cause },
    );
  }
}

/** The reply a Go server would send for an inbound failure. */
export interface InboundErrorResponse {
  /** HTTP status code. */
  status: number;
  /** JSON body in the core error schema (without `trace_id`, which the writer adds). */
  body: { error: string; error_description: string };
}

/**
 * Maps an {@link InboundRequestError} to the status and JSON body a Go server replies with; undefined for any
 * other error (which core's `handleError` writes as a 500). Prefer `handleError`, which also writes the headers.
 */
export function inboundErrorResponse(error: unknown): InboundErrorResponse | undefined {
  if (!(error instanceof InboundRequestError)) {
    return undefined;
  }
  return { status: error.status, body: { error: error.errorCode, error_description: error.description } };
}
