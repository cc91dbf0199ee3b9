/**
 * Finds the tracer and meter to use for one attempt, cheaply: with nothing registered this is two global look-ups
 * and two comparisons, and no span, meter or attribute object is ever made.
 */

import {
  createNoopMeter,
  type Histogram,
  type Meter,
  type MeterProvider,
  metrics,
  ProxyTracerProvider,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import { HTTP_DURATION_BUCKETS, METRIC_HTTP_CLIENT_REQUEST_DURATION } from './semanticConventions';
import { TELEMETRY_SCOPE } from './telemetryOptions';

// The API's no-op tracer provider (the delegate of a proxy nobody registered a provider on).
const noopTracerProvider = new ProxyTracerProvider().getDelegate();
const noopMeter = createNoopMeter();

/** The tracer of the last provider seen, so a tracer is looked up once per provider, not per request. */
class TracerCache {
  #provider: TracerProvider | undefined;
  #tracer: Tracer | undefined;

  /** The tracer of `provider`, or undefined for the API's no-op provider. */
  tracerOf(provider: TracerProvider): Tracer | undefined {
    const effective = provider instanceof ProxyTracerProvider ? provider.getDelegate() : provider;
    if (effective === noopTracerProvider) return undefined;
    if (effective !== this.#provider) {
      this.#provider = effective;
      this.#tracer = effective.getTracer(TELEMETRY_SCOPE);
    }
    return this.#tracer;
  }
}

/** The duration histogram of the last meter provider seen (undefined for a no-op provider). */
class HistogramCache {
  #provider: MeterProvider | undefined;
  #histogram: Histogram | undefined;

  histogramOf(provider: MeterProvider): Histogram | undefined {
    if (provider !== this.#provider) {
      this.#provider = provider;
      const meter: Meter = provider.getMeter(TELEMETRY_SCOPE);
      this.#histogram =
        meter === noopMeter
          ? undefined
          : meter.createHistogram(METRIC_HTTP_CLIENT_REQUEST_DURATION, {
              description: 'Duration of HTTP client requests (one measurement per attempt).',
              unit: 's',
              advice: { explicitBucketBoundaries: [...HTTP_DURATION_BUCKETS] },
            });
    }
    return this.#histogram;
  }
}

/** Where one client's attempts find their tracer and histogram. */
export class TelemetryProviders {
  readonly #tracers = new TracerCache();
  readonly #histograms = new HistogramCache();

  constructor(
    private readonly tracerProvider: TracerProvider | undefined,
    private readonly meterProvider: MeterProvider | undefined,
    private readonly spans: boolean,
    private readonly durations: boolean,
  ) {}

  /** The tracer for client spans now, or undefined when spans are off or no provider is registered. */
  tracer(): Tracer | undefined {
    return this.spans ? this.#tracers.tracerOf(this.tracerProvider ?? trace.getTracerProvider()) : undefined;
  }

  /** The duration histogram now, or undefined when metrics are off or no provider is registered. */
  histogram(): Histogram | undefined {
    return this.durations ? this.#histograms.histogramOf(this.meterProvider ?? metrics.getMeterProvider()) : undefined;
  }
}
