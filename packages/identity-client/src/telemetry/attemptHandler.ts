/**
 * Watches one HTTP attempt for its telemetry: forwards every callback of the handler it wraps (core's
 * `ForwardingHandler`, undici handler API v2) and, once the attempt ended, failed or was upgraded, ends its span and records its duration.
 */

import { type Attributes, type Histogram, type Span, SpanStatusCode } from '@opentelemetry/api';
import { type Dispatcher, ForwardingHandler } from '@unikorn-cloud/core-client';
import { outcomeAttributes } from './httpAttributes';
import { ATTR_ERROR_TYPE } from './semanticConventions';

type Handler = Dispatcher.DispatchHandler;
type Controller = Dispatcher.DispatchController;

/** Forwards every callback to `handler` and reports the attempt's outcome once. */
export class AttemptHandler extends ForwardingHandler {
  #status: number | undefined;
  #done = false;

  /**
   * @param handler - The handler every callback is forwarded to.
   * @param span - The attempt's client span (undefined when spans are off).
   * @param histogram - `http.client.request.duration` (undefined when metrics are off).
   * @param attributes - The attempt's attributes known before the response.
   * @param startedAt - `performance.now()` when the attempt started.
   */
  constructor(
    handler: Handler,
    private readonly span: Span | undefined,
    private readonly histogram: Histogram | undefined,
    private readonly attributes: Attributes,
    private readonly startedAt: number,
  ) {
    super(handler);
  }

  /** Ends the span and records the duration (once); a telemetry failure never reaches the request. */
  finish(error: Error | undefined): void {
    if (this.#done) return;
    this.#done = true;
    try {
      const outcome = outcomeAttributes(this.attributes, this.#status, error);
      this.histogram?.record((performance.now() - this.startedAt) / 1000, outcome);
      if (this.span !== undefined) {
        this.span.setAttributes(outcome);
        const type = outcome[ATTR_ERROR_TYPE];
        if (type !== undefined) this.span.setStatus({ code: SpanStatusCode.ERROR, message: String(type) });
        this.span.end();
      }
    } catch {
      // Telemetry must not break the request.
    }
  }

  override onRequestUpgrade(
    controller: Controller,
    statusCode: number,
    headers: Parameters<NonNullable<Handler['onRequestUpgrade']>>[2],
    socket: Parameters<NonNullable<Handler['onRequestUpgrade']>>[3],
  ): void {
    this.#status = statusCode;
    this.finish(undefined);
    super.onRequestUpgrade(controller, statusCode, headers, socket);
  }

  override onResponseStart(
    controller: Controller,
    statusCode: number,
    headers: Parameters<NonNullable<Handler['onResponseStart']>>[2],
    statusMessage?: string,
  ): void {
    if (statusCode >= 200) this.#status = statusCode;
    super.onResponseStart(controller, statusCode, headers, statusMessage);
  }

  override onResponseEnd(controller: Controller, trailers: Parameters<NonNullable<Handler['onResponseEnd']>>[1]): void {
    this.finish(undefined);
    super.onResponseEnd(controller, trailers);
  }

  override onResponseError(controller: Controller, error: Error): void {
    this.finish(error);
    super.onResponseError(controller, error);
  }
}
