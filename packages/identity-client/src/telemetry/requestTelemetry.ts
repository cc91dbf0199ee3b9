/**
 * What the transport tells the per-attempt telemetry about one logical request: its contract path template and,
 * once the first attempt ran, the caller's context (retries run from timers, where the caller's context is gone).
 */

import type { Context } from '@opentelemetry/api';

/** Dispatch-option key (a symbol: undici's own option copies, e.g. for retries, keep it) of a {@link RequestTelemetry}. */
export const REQUEST_TELEMETRY: unique symbol = Symbol.for('@unikorn-cloud/identity-client/request-telemetry');

/** Per-request telemetry state shared by all attempts of one request. */
export class RequestTelemetry {
  /** The caller's context, taken when the first attempt is sent. */
  parent: Context | undefined = undefined;
  /** Attempts sent so far. */
  attempts = 0;

  /** @param urlTemplate - The contract's path template (`/api/v1/organizations/{organizationID}`), if known. */
  constructor(readonly urlTemplate: string | undefined) {}
}

/** The {@link RequestTelemetry} a dispatch carries, if any. */
export function requestTelemetryOf(options: object): RequestTelemetry | undefined {
  const value = (options as { [REQUEST_TELEMETRY]?: unknown })[REQUEST_TELEMETRY];
  return value instanceof RequestTelemetry ? value : undefined;
}
