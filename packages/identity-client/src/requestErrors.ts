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
