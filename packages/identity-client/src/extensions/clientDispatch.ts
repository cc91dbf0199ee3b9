/**
 * The dispatcher stack of one client, outermost first: retries → per-attempt telemetry → caller interceptors →
 * the mTLS dispatcher (or the caller's own dispatcher).
 */

import { type RetryPolicy, withRetry } from '@unikorn-cloud/core-client';
import type { Dispatcher } from 'undici';
import { withTelemetry } from '../telemetry/telemetryDispatcher';
import type { ClientTelemetryOptions } from '../telemetry/telemetryOptions';
import { type DispatchInterceptor, withInterceptors } from './interceptedDispatcher';

/** What decides a client's dispatcher stack. */
export interface ClientDispatchSettings {
  retry?: RetryPolicy | boolean;
  telemetry?: ClientTelemetryOptions;
  interceptors?: readonly DispatchInterceptor[];
}

/** `base` wrapped in the client's interceptors, telemetry and retries. */
export function clientDispatcher(base: Dispatcher, settings: ClientDispatchSettings): Dispatcher {
  return withRetry(
    withTelemetry(withInterceptors(base, settings.interceptors), settings.telemetry),
    settings.retry ?? false,
  );
}
