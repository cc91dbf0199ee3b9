/**
 * Mutator 1: W3C trace context of the active span (`traceparent`, and `tracestate` when non-empty).
 */

import { context, isSpanContextValid, propagation, trace } from '@opentelemetry/api';
import type { RequestMutator } from './types';

/** Name of the trace-context mutator, for logs and tests. */
export const traceContextMutatorName = 'traceContextMutator';

/**
 * Injects the active OpenTelemetry context with the globally registered propagator, only when the active context
 * carries a valid span. Without a registered SDK/propagator this adds nothing.
 */
export function traceContextMutator(): RequestMutator {
  const mutator: RequestMutator = (request) => {
    const active = context.active();
    const spanContext = trace.getSpanContext(active);
    if (spanContext === undefined || !isSpanContextValid(spanContext)) {
      return;
    }
    propagation.inject(active, request.headers);
  };
  Object.defineProperty(mutator, 'name', { value: traceContextMutatorName });
  return mutator;
}
