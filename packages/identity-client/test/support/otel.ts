import { context, propagation, type Tracer, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { TracerProvider } from '@opentelemetry/sdk-trace';

/** Registers an OpenTelemetry SDK (context manager, W3C propagator, tracer provider) and returns a tracer. */
export function registerTracing(): Tracer {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(new TracerProvider());
  return trace.getTracer('identity-client-test');
}

/** Undoes {@link registerTracing}; call in afterEach. */
export function resetTracing(): void {
  propagation.disable();
  context.disable();
  trace.disable();
}
