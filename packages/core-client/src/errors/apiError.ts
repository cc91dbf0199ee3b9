/**
 * The typed error a Unikorn API returns in its JSON error body (core `components.schemas.error`).
 */

import { UnikornError, type UnikornErrorOptions } from './errors';

/** The `error` codes a Unikorn server emits (core common spec enum). */
export type ErrorCode =
  | 'invalid_request'
  | 'server_error'
  | 'access_denied'
  | 'not_found'
  | 'conflict'
  | 'method_not_allowed'
  | 'unsupported_media_type'
  | 'request_entity_too_large'
  | 'unprocessable_content'
  | 'forbidden';

/** The JSON error body as sent on the wire. */
export interface ErrorBody {
  /** Error code, normally one of {@link ErrorCode}; unknown codes are kept as received. */
  error: string;
  /** Human-readable description. */
  error_description: string;
  /** Trace ID of the failing request (32 lowercase hex characters), when the server sent one. */
  trace_id?: string;
}

/**
 * True when `value` is a decoded JSON object carrying string `error` and `error_description` fields
 * (and, if present and not null, a string `trace_id`).
 */
export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  const record = value as Record<string, unknown>;
  const traceId = record.trace_id;
  return (
    typeof record.error === 'string' &&
    typeof record.error_description === 'string' &&
    (traceId === undefined || traceId === null || typeof traceId === 'string')
  );
}

/** Fields of an {@link APIError}. */
export interface APIErrorInit {
  /** HTTP status actually received. */
  status: number;
  /** Wire `error` code, e.g. `forbidden`. */
  errorCode: string;
  /** Wire `error_description`; becomes the error message. */
  description: string;
  /** Wire `trace_id`, when present. */
  traceId?: string;
}

/**
 * An error reported by a Unikorn API. As in Go, the message is the server's description alone.
 */
export class APIError extends UnikornError {
  override readonly name: string = 'APIError';
  /** Stable code of this class. */
  readonly code = 'ERR_API' as const;
  /** Sentinel text of this class (not part of the message). */
  readonly sentinel = 'api error';
  /** HTTP status actually received. */
  readonly status: number;
  /** Wire `error` code, e.g. `forbidden`. */
  readonly errorCode: string;
  /** Wire `error_description`. */
  readonly description: string;
  /** Wire `trace_id`, when the server sent one. */
  readonly traceId?: string;

  /** Builds an API error from its fields. */
  constructor(init: APIErrorInit, options?: UnikornErrorOptions) {
    super(init.description, options);
    this.status = init.status;
    this.errorCode = init.errorCode;
    this.description = init.description;
    if (init.traceId !== undefined) {
      this.traceId = init.traceId;
    }
  }

  /**
   * Builds an API error from a received status and decoded error body. Texts longer than `maxTextLength`
   * (default {@link DEFAULT_MAX_ERROR_TEXT_LENGTH}) are cut, so a hostile server cannot make a huge message.
   */
  static fromBody(status: number, body: ErrorBody, options: ErrorTextOptions = {}): APIError {
    const max = options.maxTextLength ?? DEFAULT_MAX_ERROR_TEXT_LENGTH;
    return new APIError({
      status,
      errorCode: truncateText(body.error, max),
      description: truncateText(body.error_description, max),
      traceId: body.trace_id == null ? undefined : truncateText(body.trace_id, max),
    });
  }
}

/** Default most characters of a server-sent text (error code, description, trace ID) kept in an error: 1024. */
export const DEFAULT_MAX_ERROR_TEXT_LENGTH = 1024;

/** Bounds of server-sent text carried into errors. */
export interface ErrorTextOptions {
  /** Most characters kept of each text; the rest is replaced by `… (<n> more characters)`. */
  maxTextLength?: number;
}

/** `text` cut to `max` characters, saying how much was left out. */
export function truncateText(text: string, max: number): string {
  const limit = Math.max(0, Math.floor(max));
  return text.length <= limit ? text : `${text.slice(0, limit)}… (${text.length - limit} more characters)`;
}
