/**
 * An OpenTelemetry setup for the API rows: AsyncLocalStorage context manager, W3C trace-context propagator and
 * a sampled remote span context, so the trace mutator really injects `traceparent` on every request.
 */

import { context, propagation, ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

let installed = false;

/** Registers the global context manager and propagator (once). */
export function installTracing(): void {
  if (installed) return;
  installed = true;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
}

const spanContext = trace.setSpanContext(ROOT_CONTEXT, {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: TraceFlags.SAMPLED,
  isRemote: true,
});

/** Runs `fn` with an active, sampled span context. */
export function withActiveSpan<T>(fn: () => T): T {
  return context.with(spanContext, fn);
}
