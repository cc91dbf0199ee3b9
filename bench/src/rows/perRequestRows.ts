/**
 * Rows 8 and 9: building a client per request, as Go handlers do (`APIClient(ctx)` in every handler).
 *
 * - Row 8: `(await client.apiClient()).networks.list()` per request vs one `apiClient()` reused for every request, same
 *   `Client`, same cached dispatcher: the cost of `apiClient()` itself.
 * - Row 9 ("Go-style"): per request a fresh dispatcher cache, so a fresh Agent (new TLS handshake) and fresh reads of
 *   both Secrets, as Go's `APIClient` builds a new `http.Client` with a new transport every time; baseline row 8's
 *   subject (`apiClient()` per request on the shared cached dispatcher). The throughput ratio is what the cache saves.
 */

import { DispatcherCache } from '@unikorn-cloud/core-client';
import { withPrincipal } from '@unikorn-cloud/identity-client';
import { Client } from '@unikorn-cloud/region-client';
import { type Comparison, compare } from '../compare.ts';
import { agentOptions, type Fixtures, namespace } from '../fixtures.ts';
import { check, type RowResult } from '../result.ts';
import type { BenchSettings } from '../settings.ts';
import { median } from '../stats.ts';
import { withActiveSpan } from '../trace.ts';
import { apiPrincipal } from './subjects.ts';

const apiScope = <T>(run: () => Promise<T>): Promise<T> => withPrincipal(apiPrincipal, () => withActiveSpan(run));

/** Nanoseconds per call of one pass of `calls` awaited calls of `call`. */
async function awaitedPassNs(call: () => unknown, calls: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) await call();
  return Number(process.hrtime.bigint() - start) / calls;
}

/**
 * What a warm `apiClient()` costs per awaited call, against a loop that only awaits a resolved promise: five passes of
 * each, alternated so both see the same machine; the median pass of each.
 */
async function apiClientCostNs(apiClient: () => unknown, resolved: () => unknown, calls: number) {
  const apiClientPasses: number[] = [];
  const awaitPasses: number[] = [];
  for (let pass = 0; pass < 5; pass++) {
    awaitPasses.push(await awaitedPassNs(resolved, calls));
    apiClientPasses.push(await awaitedPassNs(apiClient, calls));
  }
  return { apiClientNs: median(apiClientPasses), awaitNs: median(awaitPasses) };
}

function at(results: readonly Comparison[], concurrency: number): Comparison | undefined {
  return results.find((result) => result.concurrency === concurrency);
}

/** Rows 8 and 9. */
export async function perRequestRows(fixtures: Fixtures, settings: BenchSettings): Promise<RowResult[]> {
  const identity = await fixtures.identity('per-request', 'ec-p256');
  const url = fixtures.server.cheapUrl;
  const region = new Client(fixtures.kube, identity.options(url), identity.clientOptions(), {
    dispatcherCache: fixtures.dispatcherCache,
  });
  const reused = await region.apiClient();
  const reuse = () => reused.networks.list();
  const perRequest = async () => (await region.apiClient()).networks.list();
  await apiScope(reuse);
  await apiScope(perRequest);

  const calls = settings.mode === 'full' ? 1_000_000 : 10_000;
  const resolved = Promise.resolve(reused);
  const { apiClientNs, awaitNs } = await apiScope(() =>
    apiClientCostNs(
      () => region.apiClient(),
      () => resolved,
      calls,
    ),
  );

  const perRequestResults: Comparison[] = [];
  for (const concurrency of settings.concurrencies) {
    const size = settings.requestLoad(concurrency);
    perRequestResults.push(
      await apiScope(() =>
        compare({
          bare: reuse,
          subject: perRequest,
          concurrency,
          serverCpuUs: fixtures.serverCpuUs,
          control: true,
          ...size,
        }),
      ),
    );
  }

  // Go-style: nothing shared between requests but the Kubernetes client.
  const caReadsBefore = fixtures.kubernetes.reads(namespace, identity.caSecretName);
  const handshakesBefore = (await fixtures.server.stats()).cheap.handshakes;
  let goCalls = 0;
  const goStyle = async () => {
    const cache = new DispatcherCache({ agentOptions });
    try {
      const client = new Client(fixtures.kube, identity.options(url), identity.clientOptions(), {
        dispatcherCache: cache,
      });
      goCalls++;
      return await (await client.apiClient()).networks.list();
    } finally {
      await cache.close();
    }
  };
  const goResults: Comparison[] = [];
  for (const concurrency of settings.concurrencies) {
    const size = settings.goStyleLoad(concurrency);
    goResults.push(
      await apiScope(() =>
        compare({ bare: perRequest, subject: goStyle, concurrency, serverCpuUs: fixtures.serverCpuUs, ...size }),
      ),
    );
  }
  const goHandshakes = (await fixtures.server.stats()).cheap.handshakes - handshakesBefore;
  const goCaReads = fixtures.kubernetes.reads(namespace, identity.caSecretName) - caReadsBefore;

  const perRequestChecks = settings.concurrencies.flatMap((concurrency) => {
    const value = at(perRequestResults, concurrency)?.ratios.throughput;
    return value === undefined ? [] : [check(`throughput ratio at c=${concurrency}`, '≥ 0.95', value, value >= 0.95)];
  });
  const gains = Object.fromEntries(
    goResults.map((result) => [`cachedGainAtC${result.concurrency}`, 1 / result.ratios.throughput]),
  );
  return [
    {
      id: '8',
      title: 'apiClient() per request vs reusing one',
      subject: '`(await client.apiClient()).networks.list()` for every request (Go handler style)',
      baseline: 'one `apiClient()` reused: `api.networks.list()`; same `Client`, same cached dispatcher',
      comparisons: perRequestResults,
      figures: { apiClientNsPerCall: apiClientNs, awaitOnlyNsPerCall: awaitNs },
      checks: perRequestChecks,
      notes: [
        'Both sides run inside the same principal and trace context; target: ≤ 5 % less throughput.',
        `A warm \`await client.apiClient()\` took ${apiClientNs.toFixed(0)} ns per call in a loop, awaiting an already resolved promise ${awaitNs.toFixed(0)} ns (the part any async factory costs; figures \`apiClientNsPerCall\`, \`awaitOnlyNsPerCall\`).`,
      ],
    },
    {
      id: '9',
      title: 'Go-style: a fresh Agent per apiClient() (new handshake, fresh Secret reads)',
      subject:
        'per request: new `DispatcherCache` → `new Client(...)` → `apiClient()` → `networks.list()` → close (what Go `APIClient` does)',
      baseline: 'row 8 subject: `apiClient()` per request on the shared cached dispatcher',
      comparisons: goResults,
      figures: { ...gains, goStyleCalls: goCalls, tlsHandshakes: goHandshakes, caSecretReads: goCaReads },
      checks: [],
      notes: [
        'cachedGainAtC<n> = cached ÷ Go-style throughput (1 ÷ the throughput ratio): what the shared dispatcher saves.',
        'Go-style handshakes and CA Secret reads are counted over the row (warm-up included): one of each per call.',
      ],
    },
  ];
}
