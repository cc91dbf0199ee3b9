/**
 * Errors of the inbound side: each keeps the Go error text as its message and carries the HTTP status and
 * OAuth2 error code a Go server answers with (identity `pkg/middleware/openapi`), so a TS service can reply
 * the same way. Messages never contain certificates or tokens.
 */

import { UnikornError, type UnikornErrorOptions } from '@unikorn-cloud/core-client';

/** OAuth2 error codes an inbound failure maps to. */
export type InboundErrorCode = 'invalid_request' | 'access_denied';

/** Base class of every error raised while extracting identity from an inbound request. */
export abstract class InboundRequestError extends UnikornError {
  /** HTTP status a Go server replies with: 400 for propagation failures, 401 for a missing authentication. */
  abstract readonly httpStatus: 400 | 401;
  /** OAuth2 `error` code of the reply body. */
  abstract readonly errorCode: InboundErrorCode;
  /** OAuth2 `error_description` of the reply body (the Go server's text). */
  abstract readonly description: string;
}

/**
 * Go `util.ErrClientCertificateError`: message `client certificate error: <detail>`, e.g.
 * `client certificate error: client certificate verification header error`. Replied as 400
 * `certificate propagation failure`.
 */
export class ClientCertificateError extends InboundRequestError {
  override readonly name = 'ClientCertificateError';
  readonly code = 'ERR_CLIENT_CERTIFICATE';
  readonly sentinel = 'client certificate error';
  readonly httpStatus = 400;
  readonly errorCode = 'invalid_request';
  readonly description = 'certificate propagation failure';

  /** @param detail - the Go detail text, e.g. `client certificate parse failed`. */
  constructor(
    readonly detail: string,
    options?: UnikornErrorOptions,
  ) {
    super(`client certificate error: ${detail}`, options);
  }
}

/**
 * Go `ErrHeader` of the principal extraction: message `header error: <detail>`, e.g.
 * `header error: principal header not present`. Replied as 400 `principal propagation failure for authentication`.
 */
export class PrincipalHeaderError extends InboundRequestError {
  override readonly name = 'PrincipalHeaderError';
  readonly code = 'ERR_PRINCIPAL_HEADER';
  readonly sentinel = 'header error';
  readonly httpStatus = 400;
  readonly errorCode = 'invalid_request';
  readonly description = 'principal propagation failure for authentication';

  /** @param detail - the Go detail text, e.g. `impersonated principal actor missing`. */
  constructor(
    readonly detail: string,
    options?: UnikornErrorOptions,
  ) {
    super(`header error: ${detail}`, options);
  }
}

/**
 * A signed (JWS) `X-Principal` that does not verify against the immediate caller's certificate. The message and
 * `code` are those of the core error it wraps (e.g. `jws error: …`, `private key type is unsupported`).
 * Replied as 400 `principal propagation failure for authentication`.
 */
export class PrincipalVerificationError extends InboundRequestError {
  override readonly name = 'PrincipalVerificationError';
  readonly code: string;
  readonly sentinel: string;
  readonly httpStatus = 400;
  readonly errorCode = 'invalid_request';
  readonly description = 'principal propagation failure for authentication';

  /** @param cause - the verification failure, normally a core `JWSError` or `UnsupportedKeyTypeError`. */
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : 'jws error', { cause });
    this.code = cause instanceof UnikornError ? cause.code : 'ERR_JWS';
    this.sentinel = cause instanceof UnikornError ? cause.sentinel : 'jws error';
  }
}

/**
 * No `Authorization` header and no verified client certificate of the immediate caller: a Go server replies
 * 401 `access_denied` with description `authorization header missing` (a relayed certificate alone is not
 * authentication).
 */
export class AccessDeniedError extends InboundRequestError {
  override readonly name = 'AccessDeniedError';
  readonly code = 'ERR_ACCESS_DENIED';
  readonly sentinel = 'access denied';
  readonly httpStatus = 401;
  readonly errorCode = 'access_denied';
  readonly description: string;

  /** @param description - the reply description; defaults to Go's `authorization header missing`. */
  constructor(description = 'authorization header missing', options?: UnikornErrorOptions) {
    super(description, options);
    this.description = description;
  }
}

/** The reply a Go server would send for an inbound failure. */
export interface InboundErrorResponse {
  /** HTTP status code. */
  status: 400 | 401;
  /** JSON body in the core error schema. */
  body: { error: InboundErrorCode; error_description: string };
}

/**
 * Maps an {@link InboundRequestError} to the status and JSON body a Go server replies with; undefined for any
 * other error (which a server should treat as a 500).
 */
export function inboundErrorResponse(error: unknown): InboundErrorResponse | undefined {
  if (!(error instanceof InboundRequestError)) {
    return undefined;
  }
  return { status: error.httpStatus, body: { error: error.errorCode, error_description: error.description } };
}
