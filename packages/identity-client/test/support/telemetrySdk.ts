import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { AggregationTemporality, MetricReader } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { type ClientTransport, sendRequest, withPrincipal } from '../../src';

/** A registered tracing SDK exporting into memory. */
export interface TracingSdk {
  readonly provider: TracerProvider;
  readonly exporter: InMemorySpanExporter;
  /** The finished spans, once every ended span was exported. */
  spans(): Promise<ReadableSpan[]>;
}

/** Registers context manager, W3C propagator and an in-memory exporting tracer provider globally. */
export function registerTracingSdk(): TracingSdk {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const exporter = new InMemorySpanExporter();
  const processor = new SimpleSpanProcessor({ exporter });
  const provider = new TracerProvider({ spanProcessors: [processor] });
  trace.setGlobalTracerProvider(provider);
  return {
    provider,
    exporter,
    spans: async () => {
      await processor.forceFlush();
      return exporter.getFinishedSpans();
    },
  };
}

/** Registers the real `@opentelemetry/instrumentation-undici` on `provider` (or the global one). */
export function registerUndiciInstrumentation(provider?: TracerProvider): UndiciInstrumentation {
  const instrumentation = new UndiciInstrumentation();
  if (provider !== undefined) instrumentation.setTracerProvider(provider);
  instrumentation.enable();
  return instrumentation;
}

/** Undoes the registrations. */
export function resetTelemetry(instrumentation?: UndiciInstrumentation): void {
  instrumentation?.disable();
  propagation.disable();
  context.disable();
  trace.disable();
}

/** Every value of header `name` on the wire (case-insensitive), in order. */
export function headerValues(rawHeaders: readonly (readonly [string, string])[], name: string): string[] {
  return rawHeaders.filter(([key]) => key.toLowerCase() === name).map(([, value]) => value);
}

/** The span id a W3C `traceparent` names. */
export function traceparentSpanId(traceparent: string): string {
  return traceparent.split('-')[2];
}

/** The path template of {@link thingClient}'s requests. */
export const THING_TEMPLATE = '/api/v1/things/{thingID}';

/** The principal {@link thingClient} sends. */
export const THING_PRINCIPAL = { organizationId: 'org-1', actor: 'user@example.com' };

/** A minimal client whose requests carry {@link THING_TEMPLATE} as their URL template. */
export const thingClient = (transport: ClientTransport) => ({
  get: (id: string) =>
    withPrincipal(THING_PRINCIPAL, () =>
      sendRequest(transport, { method: 'GET', path: `/api/v1/things/${id}`, urlTemplate: THING_TEMPLATE }),
    ),
});

/** A metric reader collected on demand (cumulative temporality). */
export class TestMetricReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}
