/**
 * Rendering an API error as Go's `Error.Write` does: headers `Cache-Control: no-cache` and
 * `Content-Type: application/json` (added, never replacing), the error's own headers, the status, and the body
 * `{"error":…,"error_description":…,"trace_id":…}` in Go JSON (keys in that order, `<>&` escaped, no newline).
 */

import { marshalGoJSON } from '../encoding/goJson';
import type { APIError } from '../errors/apiError';
import { ServerError } from './serverError';

/** The trace ID Go writes when the request has no span: an invalid OpenTelemetry trace ID printed as hex. */
export const zeroTraceId = '0'.repeat(32);

/**
 * Reads the trace ID of the request being answered, normally the active span's. core-client does not depend on
 * OpenTelemetry; identity-client's inbound wiring passes an OpenTelemetry reader, and a server using this module
 * directly can pass, for example, `() => trace.getActiveSpan()?.spanContext().traceId`.
 */
export type TraceIdReader = () => string | undefined;

/** A trace ID, or a reader returning one. */
export type TraceIdSource = string | TraceIdReader;

const traceIdPattern = /^[0-9a-f]{32}$/;

/**
 * The `trace_id` to write: the given ID or the reader's answer when it is 32 lowercase hex characters (what Go's
 * `TraceID.String()` always is), otherwise {@link zeroTraceId}. A throwing reader also gives zeros.
 */
export function resolveTraceId(source: TraceIdSource | undefined): string {
  let value: string | undefined;
  try {
    value = typeof source === 'function' ? source() : source;
  } catch {
    value = undefined;
  }
  return typeof value === 'string' && traceIdPattern.test(value) ? value : zeroTraceId;
}

/** Options of {@link renderError} and the writers. */
export interface RenderErrorOptions {
  /** The request's trace ID or a reader of it (default: none, so {@link zeroTraceId}). */
  traceId?: TraceIdSource;
}

/** An error reply, ready for any HTTP framework. */
export interface RenderedError {
  /** HTTP status. */
  status: number;
  /** Headers to *add*, in order: `Cache-Control`, `Content-Type`, then the error's own (e.g. `WWW-Authenticate`). */
  headers: (readonly [string, string])[];
  /** The JSON body, exactly as Go marshals it. */
  body: string;
}

/**
 * Renders `error` as Go's `Error.Write`. A {@link ServerError}'s own headers are included; a plain
 * {@link APIError} (propagated from a downstream response) has none and its received trace ID is replaced by this
 * request's, as Go's `FromOpenAPIError` does.
 */
export function renderError(error: APIError, options: RenderErrorOptions = {}): RenderedError {
  const headers: (readonly [string, string])[] = [
    ['Cache-Control', 'no-cache'],
    ['Content-Type', 'application/json'],
  ];
  if (error instanceof ServerError) {
    headers.push(...error.headers);
  }
  const body = marshalGoJSON({
    error: error.errorCode,
    error_description: error.description,
    trace_id: resolveTraceId(options.traceId),
  });
  return { status: error.status, headers, body };
}
