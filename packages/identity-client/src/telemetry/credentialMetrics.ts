/**
 * OpenTelemetry metrics of a client credential source: reload outcomes and rotations as counters, and the served
 * certificate's remaining life, epoch and consecutive failures as gauges (read at collection time, no timer).
 */

import { type Attributes, type MeterProvider, metrics } from '@opentelemetry/api';
import { type CredentialEventSource, type SourcedCredential, secondsUntilExpiry } from '@unikorn-cloud/core-client';
import { TELEMETRY_SCOPE } from './telemetryOptions';

/** `unikorn.client.credential.reloads`: reload attempts by `outcome` (`reloaded`, `failed`, `refused`). */
export const METRIC_CREDENTIAL_RELOADS = 'unikorn.client.credential.reloads';
/** `unikorn.client.credential.rotations`: times the credential moved to a new epoch. */
export const METRIC_CREDENTIAL_ROTATIONS = 'unikorn.client.credential.rotations';
/** `unikorn.client.credential.expiry`: seconds until the served certificate expires (negative once expired). */
export const METRIC_CREDENTIAL_EXPIRY = 'unikorn.client.credential.expiry';
/** `unikorn.client.credential.epoch`: the epoch served now. */
export const METRIC_CREDENTIAL_EPOCH = 'unikorn.client.credential.epoch';
/** `unikorn.client.credential.failures`: consecutive failed or refused reloads (0 after a success). */
export const METRIC_CREDENTIAL_FAILURES = 'unikorn.client.credential.failures';

/** What the metrics read from a source. */
export interface ObservedCredentialSource extends CredentialEventSource {
  current(): Pick<SourcedCredential, 'leaf'>;
  readonly epoch: number;
}

/** Options of {@link observeCredentialMetrics}. */
export interface CredentialMetricsOptions {
  /** Meter provider; default the global one. */
  meterProvider?: MeterProvider;
  /** Attributes of every measurement, e.g. `{ 'unikorn.credential.secret': 'ns/name' }`. */
  attributes?: Attributes;
}

/**
 * Reports `source`'s lifecycle as metrics until the returned function is called.
 *
 * @returns A function that stops the reporting (removes the gauges' callbacks and the event listener).
 */
export function observeCredentialMetrics(
  source: ObservedCredentialSource,
  options: CredentialMetricsOptions = {},
): () => void {
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(TELEMETRY_SCOPE);
  const attributes = options.attributes ?? {};
  const reloads = meter.createCounter(METRIC_CREDENTIAL_RELOADS, { description: 'Client credential reloads.' });
  const rotations = meter.createCounter(METRIC_CREDENTIAL_ROTATIONS, { description: 'Client credential rotations.' });
  const expiry = meter.createObservableGauge(METRIC_CREDENTIAL_EXPIRY, {
    description: 'Seconds until the served client certificate expires.',
    unit: 's',
  });
  const epoch = meter.createObservableGauge(METRIC_CREDENTIAL_EPOCH, { description: 'Client credential epoch.' });
  const failures = meter.createObservableGauge(METRIC_CREDENTIAL_FAILURES, {
    description: 'Consecutive failed or refused client credential reloads.',
  });
  let consecutiveFailures = 0;
  const stopEvents = source.onEvent((event) => {
    switch (event.type) {
      case 'reloaded':
        consecutiveFailures = 0;
        reloads.add(1, { ...attributes, outcome: 'reloaded' });
        break;
      case 'epoch-changed':
        rotations.add(1, attributes);
        break;
      case 'reload-failed':
      case 'refused':
        consecutiveFailures = event.failures;
        reloads.add(1, { ...attributes, outcome: event.type === 'refused' ? 'refused' : 'failed' });
        break;
    }
  });
  const observeExpiry = (result: { observe(value: number, attributes?: Attributes): void }) =>
    result.observe(secondsUntilExpiry(source.current().leaf), attributes);
  const observeEpoch = (result: { observe(value: number, attributes?: Attributes): void }) =>
    result.observe(source.epoch, attributes);
  const observeFailures = (result: { observe(value: number, attributes?: Attributes): void }) =>
    result.observe(consecutiveFailures, attributes);
  expiry.addCallback(observeExpiry);
  epoch.addCallback(observeEpoch);
  failures.addCallback(observeFailures);
  return () => {
    stopEvents();
    expiry.removeCallback(observeExpiry);
    epoch.removeCallback(observeEpoch);
    failures.removeCallback(observeFailures);
  };
}
