/**
 * Row 10: the cost of the per-attempt telemetry when no tracer or meter provider is registered (context manager and
 * propagator are, as in row 1). Subject: `BaseClient.apiClient()` as shipped (its dispatcher stack includes the
 * telemetry layer, which finds no provider). Baseline: the same mutators, dispatcher and credential leases as a
 * hand-built transport without the telemetry layer (the path before client spans existed). Same server, same run.
 */

import { apiMutators, BaseClient, type ClientTransport, withPrincipal } from '@unikorn-cloud/identity-client';
import { type Comparison, compare } from '../compare.ts';
import type { Fixtures } from '../fixtures.ts';
import { check, type RowResult } from '../result.ts';
import type { BenchSettings } from '../settings.ts';
import { withActiveSpan } from '../trace.ts';
import { apiPrincipal, listBuilder } from './subjects.ts';

const apiScope = <T>(run: () => Promise<T>): Promise<T> => withPrincipal(apiPrincipal, () => withActiveSpan(run));

/** Row 10. */
export async function telemetryOffRow(fixtures: Fixtures, settings: BenchSettings): Promise<RowResult> {
  const identity = await fixtures.identity('telemetry', 'ec-p256');
  const url = fixtures.server.cheapUrl;
  const base = new BaseClient(fixtures.kube, identity.options(url), identity.clientOptions(), {
    dispatcherCache: fixtures.dispatcherCache,
  });
  const shipped = await base.apiClient(listBuilder);
  const dispatcher = await base.httpClient();
  const transport: ClientTransport = {
    baseUrl: url,
    dispatcher,
    mutators: apiMutators(),
    credentials: dispatcher,
  };
  const withoutTelemetry = listBuilder(transport);
  await apiScope(() => shipped.listNetworks());
  await apiScope(() => withoutTelemetry.listNetworks());

  const results: Comparison[] = [];
  for (const concurrency of settings.concurrencies) {
    const size = settings.requestLoad(concurrency);
    results.push(
      await apiScope(() =>
        compare({
          bare: () => withoutTelemetry.listNetworks(),
          subject: () => shipped.listNetworks(),
          concurrency,
          serverCpuUs: fixtures.serverCpuUs,
          control: true,
          ...size,
        }),
      ),
    );
  }
  const c64 = results.find((result) => result.concurrency === 64);
  return {
    id: '10',
    title: 'telemetry layer with no SDK registered',
    subject: '`BaseClient.apiClient(builder)` as shipped (telemetry layer present, no tracer/meter provider)',
    baseline: 'the same mutators, dispatcher and leases as a transport without the telemetry layer',
    comparisons: results,
    figures: {},
    checks:
      c64 === undefined
        ? []
        : [check('throughput ratio at c=64', '≥ 0.95', c64.ratios.throughput, c64.ratios.throughput >= 0.95)],
    notes: [
      'Both sides inside the same principal and active span context (context manager + W3C propagator, no tracer provider).',
    ],
  };
}
