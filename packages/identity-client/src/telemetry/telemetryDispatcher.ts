/**
 * The per-attempt telemetry of a client: a dispatcher that sits below the retries (so it sees every attempt) and
 * above the connection pool. For each attempt it starts a client span (child of the caller's span), puts that
 * span's `traceparent`/`tracestate` on the request in place of the caller's, and dispatches with tracing
 * suppressed, so `@opentelemetry/instrumentation-undici` (if registered) neither makes a span nor adds a second
 * `traceparent`. With no tracer or meter provider registered and no undici instrumentation listening, an attempt
 * goes straight to the wrapped dispatcher.
 */

import { channel } from 'node:diagnostics_channel';
import {
  type Attributes,
  context,
  createContextKey,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  trace,
} from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { DelegatingDispatcher } from '@unikorn-cloud/core-client';
import type { Dispatcher } from 'undici';
import { AttemptHandler } from './attemptHandler';
import { attemptTarget, baseAttributes, spanName } from './httpAttributes';
import { TelemetryProviders } from './providers';
import { requestTelemetryOf } from './requestTelemetry';
import { ATTR_HTTP_REQUEST_RESEND_COUNT, ATTR_URL_FULL } from './semanticConventions';
import type { ClientTelemetryOptions } from './telemetryOptions';
import { withTraceHeaders } from './traceHeaders';

// The channel undici publishes every new request on; HTTP instrumentations of undici subscribe to it.
const requestCreated = channel('undici:request:create');

const probe = ROOT_CONTEXT.setValue(createContextKey('@unikorn-cloud/identity-client context probe'), true);

/**
 * Whether a context manager carries contexts into callbacks (every SDK set-up registers one). Without one, tracing
 * cannot be suppressed for the dispatch, so an undici instrumentation would add its own header.
 */
function contextPropagates(): boolean {
  return context.with(probe, () => context.active() === probe);
}

/** A dispatcher reporting every attempt sent through it as a client span and a duration measurement. */
export class TelemetryDispatcher extends DelegatingDispatcher {
  readonly #providers: TelemetryProviders;

  /**
   * @param inner - The dispatcher attempts are sent on.
   * @param options - Providers and switches; see {@link ClientTelemetryOptions}.
   */
  constructor(inner: Dispatcher, options: ClientTelemetryOptions = {}) {
    super(inner);
    this.#providers = new TelemetryProviders(
      options.tracerProvider,
      options.meterProvider,
      options.spans !== false,
      options.metrics !== false,
    );
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const tracer = this.#providers.tracer();
    const histogram = this.#providers.histogram();
    if (tracer === undefined && histogram === undefined) {
      if (!requestCreated.hasSubscribers) return this.inner.dispatch(options, handler);
      // Our header is the caller's span; keep an undici instrumentation from adding its own.
      return context.with(suppressTracing(context.active()), () => this.inner.dispatch(options, handler));
    }
    const state = requestTelemetryOf(options);
    let parent = context.active();
    let resendCount = 0;
    if (state !== undefined) {
      if (state.attempts === 0 || state.parent === undefined) state.parent = parent;
      else parent = state.parent;
      resendCount = state.attempts++;
    }
    const target = attemptTarget(options.origin, options.path, options.method, state?.urlTemplate);
    const attributes = baseAttributes(target);
    let span: ReturnType<NonNullable<typeof tracer>['startSpan']> | undefined;
    let headers = options.headers;
    if (tracer !== undefined) {
      const spanAttributes: Attributes = { ...attributes, [ATTR_URL_FULL]: target.full };
      if (resendCount > 0) spanAttributes[ATTR_HTTP_REQUEST_RESEND_COUNT] = resendCount;
      span = tracer.startSpan(spanName(target), { kind: SpanKind.CLIENT, attributes: spanAttributes }, parent);
      // Without a context manager an undici instrumentation cannot be suppressed and injects its own header: ours
      // would be a second one.
      if (!requestCreated.hasSubscribers || contextPropagates()) {
        const injected: Record<string, string> = {};
        propagation.inject(trace.setSpan(parent, span), injected);
        headers = withTraceHeaders(headers, injected);
      }
    }
    const attempt = new AttemptHandler(handler, span, histogram, attributes, performance.now());
    try {
      return context.with(suppressTracing(parent), () => this.inner.dispatch({ ...options, headers }, attempt));
    } catch (error) {
      attempt.finish(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
  }
}

/** `dispatcher` with per-attempt client spans and duration metrics (see {@link TelemetryDispatcher}). */
export function withTelemetry(dispatcher: Dispatcher, options: ClientTelemetryOptions = {}): Dispatcher {
  return new TelemetryDispatcher(dispatcher, options);
}
