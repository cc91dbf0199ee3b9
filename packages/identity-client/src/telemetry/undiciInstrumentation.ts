/**
 * Living with `@opentelemetry/instrumentation-undici`: our attempts run with tracing suppressed, so it makes no
 * span and adds no header for them, but it still records its own `http.client.request.duration` for them. Pass
 * {@link ignoreSuppressedRequests} as its `ignoreRequestHook` to leave those requests to this package entirely.
 */

import { context } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';

/**
 * An `ignoreRequestHook` for `UndiciInstrumentation`: true for requests sent with tracing suppressed (this package's
 * attempts, which have their own span and measurement; also OpenTelemetry exporters' own requests).
 */
export function ignoreSuppressedRequests(): boolean {
  return isTracingSuppressed(context.active());
}
