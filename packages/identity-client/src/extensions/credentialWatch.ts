/**
 * Hooks a client's logger and credential metrics onto a (shared) mTLS dispatcher's credential source once, however
 * many clients use that dispatcher.
 */

import { createNoopMeter, metrics } from '@opentelemetry/api';
import { type CredentialDispatcher, type CredentialLogger, logCredentialEvents } from '@unikorn-cloud/core-client';
import { observeCredentialMetrics } from '../telemetry/credentialMetrics';
import type { ClientTelemetryOptions } from '../telemetry/telemetryOptions';

const loggedBy = new WeakMap<CredentialDispatcher, WeakSet<CredentialLogger>>();
const measured = new WeakSet<CredentialDispatcher>();

/**
 * Logs the credential events of `dispatcher` to `logger` (once per logger), and reports its credential metrics
 * (once per dispatcher) when a meter provider is in use (the telemetry's, else a registered global one).
 */
export function watchCredentials(
  dispatcher: CredentialDispatcher,
  logger: CredentialLogger | undefined,
  telemetry: ClientTelemetryOptions | undefined,
  secret: string,
): void {
  const source = dispatcher.config.credential;
  if (source === undefined) return;
  if (logger !== undefined) {
    let loggers = loggedBy.get(dispatcher);
    if (loggers === undefined) {
      loggers = new WeakSet();
      loggedBy.set(dispatcher, loggers);
    }
    if (!loggers.has(logger)) {
      loggers.add(logger);
      logCredentialEvents(source, logger);
    }
  }
  if (telemetry?.metrics === false || measured.has(dispatcher)) return;
  const meterProvider = telemetry?.meterProvider ?? metrics.getMeterProvider();
  if (meterProvider.getMeter('@unikorn-cloud/identity-client') === createNoopMeter()) return;
  measured.add(dispatcher);
  observeCredentialMetrics(source, { meterProvider, attributes: { 'unikorn.credential.secret': secret } });
}
