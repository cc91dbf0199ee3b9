/**
 * How a client reports its HTTP attempts to OpenTelemetry: which tracer and meter providers, and whether client
 * spans are made at all.
 */

import type { MeterProvider, TracerProvider } from '@opentelemetry/api';

/** Telemetry settings of a client (`BaseClientSettings.telemetry`). Every field is optional. */
export interface ClientTelemetryOptions {
  /**
   * Whether this client makes its own client spans. Default `true`: one span per HTTP attempt whenever a tracer
   * provider is in use (the one given here, else the globally registered one; none is registered → no span and no
   * cost). `false`: no client spans; requests still carry the caller's trace context.
   */
  spans?: boolean;
  /** Whether this client records `http.client.request.duration`. Default `true` (when a meter provider is in use). */
  metrics?: boolean;
  /** Tracer provider for the client spans; default the global one (`trace.setGlobalTracerProvider`). */
  tracerProvider?: TracerProvider;
  /** Meter provider for the duration histogram; default the global one (`metrics.setGlobalMeterProvider`). */
  meterProvider?: MeterProvider;
}

/** The instrumentation scope name of every span and metric this package emits. */
export const TELEMETRY_SCOPE = '@unikorn-cloud/identity-client';
