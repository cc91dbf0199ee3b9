/**
 * Typed errors for outbound requests that were cut short on purpose: by the per-request timeout or by the
 * caller's AbortSignal. Other failures (connection reset, TLS errors) are passed through as undici reports them.
 */

import { UnikornError, type UnikornErrorOptions } from '@unikorn-cloud/core-client';

/** The request target named in messages: origin and path, without the query. */
function target(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/**
 * The request did not complete (response headers and body) within its timeout. Message
 * `request timed out: GET https://host/path after 500ms`; `cause` is the abort reason undici reported.
 */
export class RequestTimeoutError extends UnikornError {
  override readonly name = 'RequestTimeoutError';
  readonly code = 'ERR_REQUEST_TIMEOUT';
  readonly sentinel = 'request timed out';

  /**
   * @param method - HTTP method of the request.
   * @param url - Request URL (the query is left out of the message).
   * @param timeoutMs - The timeout that elapsed.
   */
  constructor(
    readonly method: string,
    url: URL,
    readonly timeoutMs: number,
    options?: UnikornErrorOptions,
  ) {
    super(`request timed out: ${method} ${target(url)} after ${timeoutMs}ms`, options);
  }
}

/**
 * The caller's AbortSignal ended the request. Message `request aborted: GET https://host/path`; `cause` is the
 * signal's reason.
 */
export class RequestAbortedError extends UnikornError {
  override readonly name = 'RequestAbortedError';
  readonly code = 'ERR_REQUEST_ABORTED';
  readonly sentinel = 'request aborted';

  /**
   * @param method - HTTP method of the request.
   * @param url - Request URL (the query is left out of the message).
   */
  constructor(
    readonly method: string,
    url: URL,
    options?: UnikornErrorOptions,
  ) {
    super(`request aborted: ${method} ${target(url)}`, options);
  }
}

/**
 * The response body exceeded the transport's `maxResponseBytes`; the request was aborted and nothing more was
 * buffered. Message `response too large: GET https://host/path sent more than 16777216 bytes`.
 */
export class ResponseTooLargeError extends UnikornError {
  override readonly name = 'ResponseTooLargeError';
  readonly code = 'ERR_RESPONSE_TOO_LARGE';
  readonly sentinel = 'response too large';

  /**
   * @param method - HTTP method of the request.
   * @param url - Request URL (the query is left out of the message).
   * @param maxBytes - The cap that was exceeded.
   */
  constructor(
    readonly method: string,
    url: URL,
    readonly maxBytes: number,
    options?: UnikornErrorOptions,
  ) {
    super(`response too large: ${method} ${target(url)} sent more than ${maxBytes} bytes`, options);
  }
}

/** Most characters of a body quoted by a {@link ResponseDecodeError}. */
export const DECODE_ERROR_BODY_PREFIX = 64;

/** A short, printable prefix of a body for an error message: control characters escaped, cut at `max`. */
export function safeBodyPrefix(text: string, max = DECODE_ERROR_BODY_PREFIX): string {
  const head = text.slice(0, max);
  const printable = JSON.stringify(head).slice(1, -1);
  return text.length > max ? `${printable}…` : printable;
}

/**
 * A documented success response whose body is not JSON, or not the top-level type the contract declares (Go's
 * generated clients fail the same way). Message
 * `decoding response: listNetworks (GET /api/v2/networks) status 200: expected a JSON array, got "<prefix>"`;
 * the body itself is not kept, only a short escaped prefix in the message.
 */
export class ResponseDecodeError extends UnikornError {
  override readonly name = 'ResponseDecodeError';
  readonly code = 'ERR_RESPONSE_DECODE';
  readonly sentinel = 'decoding response';

  /**
   * @param operation - The operation, e.g. `listNetworks (GET /api/v2/networks)`.
   * @param status - The HTTP status received.
   * @param expected - What the contract declares, e.g. `a JSON array`.
   * @param bodyText - The body as received (only a short prefix reaches the message).
   */
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly expected: string,
    bodyText: string,
    options?: UnikornErrorOptions,
  ) {
    super(
      `decoding response: ${operation} status ${status}: expected ${expected}, got "${safeBodyPrefix(bodyText)}"`,
      options,
    );
  }
}
