/**
 * Go core's `HandleError` and `Error.Write` for node `http`/`https`/`http2` responses (and frameworks built on them,
 * such as Express): the first API error in the chain writes itself; anything else becomes a 500 that leaks nothing.
 */

import type { APIError } from '../errors/apiError';
import { internalServerError } from './constructors';
import { asAPIError } from './errorChain';
import { type RenderErrorOptions, type RenderedError, renderError } from './renderError';
import { ServerError } from './serverError';

/** What a written error logs (Go logs `error detail` with these); the cause never reaches the client. */
export interface ErrorLogEntry {
  /** HTTP status written. */
  status: number;
  /** Wire `error` code. */
  errorCode: string;
  /** Wire `error_description`. */
  description: string;
  /** The internal cause, when there is one. */
  cause?: unknown;
  /** The error's log values (`withValues`). */
  values: readonly unknown[];
}

/** Options of {@link writeError} and {@link handleError}. */
export interface WriteErrorOptions extends RenderErrorOptions {
  /** Receives each written error's detail (default: nothing is logged). */
  log?: (entry: ErrorLogEntry) => void;
}

/** The parts of a node `ServerResponse` / `Http2ServerResponse` the writers use. */
export interface ErrorResponseTarget {
  /** True once the status line went out; then nothing more can be written. */
  readonly headersSent?: boolean;
  /** The status to send. */
  statusCode: number;
  /** Adds a header value, keeping earlier ones (node ≥ 18.3). */
  appendHeader?(name: string, value: string): unknown;
  /** Current value of a header. */
  getHeader(name: string): number | string | readonly string[] | undefined;
  /** Sets a header. */
  setHeader(name: string, value: string | readonly string[]): unknown;
  /** Sends the body and ends the response. */
  end(body: string): unknown;
}

function addHeader(response: ErrorResponseTarget, name: string, value: string): void {
  if (typeof response.appendHeader === 'function') {
    response.appendHeader(name, value);
    return;
  }
  const existing = response.getHeader(name);
  if (existing === undefined) {
    response.setHeader(name, value);
  } else {
    response.setHeader(name, [...(Array.isArray(existing) ? existing : [String(existing)]), value]);
  }
}

/**
 * Applies a rendered error to a node response: headers *added* (a `Content-Type` set earlier stays, as in Go),
 * status, body. Returns false, writing nothing, when the response has already sent its headers.
 */
export function applyRenderedError(response: ErrorResponseTarget, rendered: RenderedError): boolean {
  if (response.headersSent === true) {
    return false;
  }
  for (const [name, value] of rendered.headers) {
    addHeader(response, name, value);
  }
  response.statusCode = rendered.status;
  response.end(rendered.body);
  return true;
}

/**
 * The error {@link handleError} writes for `error`: the first {@link APIError} in its chain (`cause`,
 * `AggregateError`), or a 500 `server_error` whose cause is `error` (also for `undefined`/`null`).
 */
export function handledError(error: unknown): APIError {
  return asAPIError(error) ?? internalServerError(error);
}

/** Go `Error.Write`: logs the detail, then writes the error (see {@link applyRenderedError}). */
export function writeError(response: ErrorResponseTarget, error: APIError, options: WriteErrorOptions = {}): boolean {
  options.log?.({
    status: error.status,
    errorCode: error.errorCode,
    description: error.description,
    cause: error.cause,
    values: error instanceof ServerError ? error.values : [],
  });
  return applyRenderedError(response, renderError(error, options));
}

/**
 * Go `HandleError`: the first API error in `error`'s chain writes itself; anything else (including `undefined`)
 * becomes 500 `server_error` `an internal error has occurred, please contact support`, with nothing of the
 * original error in the reply.
 */
export function handleError(response: ErrorResponseTarget, error: unknown, options: WriteErrorOptions = {}): boolean {
  return writeError(response, handledError(error), options);
}
