/**
 * Rows 1 and 2: per-request overhead of `apiClient()` (principal + trace mutators) and `controllerClient(resource)`
 * (signed principal, RSA-4096 key) against bare `undici.request` through an Agent with the same TLS and pool
 * settings, to the same cheap server. Each row is measured twice: through identity's `BaseClient` with a minimal
 * builder (the target rows) and through the generated region client (`Client` → `api.networks.list()`).
 */

import { BaseClient, withPrincipal } from '@unikorn-cloud/identity-client';
import { Client } from '@unikorn-cloud/region-client';
import { type Comparison, compare } from '../compare.ts';
import type { Fixtures } from '../fixtures.ts';
import type { Operation } from '../load.ts';
import { type Check, check, type RowResult } from '../result.ts';
import type { BenchSettings } from '../settings.ts';
import { withActiveSpan } from '../trace.ts';
import { apiPrincipal, bareList, controllerResource, headerOf, listBuilder, recordedHeaders } from './subjects.ts';

/** The identity and trace context of the API rows. */
const apiScope = <T>(run: () => Promise<T>): Promise<T> => withPrincipal(apiPrincipal, () => withActiveSpan(run));

/** Rows with targets also run a control (the baseline again) to measure their own noise; 1s and 2s do not. */
async function comparisons(
  fixtures: Fixtures,
  settings: BenchSettings,
  bare: Operation,
  subject: Operation,
  control = true,
): Promise<Comparison[]> {
  const results: Comparison[] = [];
  for (const concurrency of settings.concurrencies) {
    const size = settings.requestLoad(concurrency);
    results.push(await compare({ bare, subject, concurrency, serverCpuUs: fixtures.serverCpuUs, control, ...size }));
  }
  return results;
}

function at(results: readonly Comparison[], concurrency: number): Comparison | undefined {
  return results.find((result) => result.concurrency === concurrency);
}

function throughputCheck(results: readonly Comparison[], minimum: number): Check[] {
  const c64 = at(results, 64);
  if (c64 === undefined) return [];
  const value = c64.ratios.throughput;
  return [check('throughput ratio at c=64', `≥ ${minimum.toFixed(2)}`, value, value >= minimum)];
}

function p99Check(results: readonly Comparison[], maximum: number): Check[] {
  const c64 = at(results, 64);
  if (c64 === undefined) return [];
  const value = c64.ratios.p99;
  return [check('p99 ratio at c=64', `≤ ${maximum.toFixed(2)}`, value, value <= maximum)];
}

/** The generated-client targets: at every concurrency, throughput ≥ 0.97 × bare and client CPU ≤ 1.05 × bare. */
export function generatedClientChecks(results: readonly Comparison[]): Check[] {
  return results.flatMap((result) => [
    check(
      `throughput ratio at c=${result.concurrency}`,
      '≥ 0.97',
      result.ratios.throughput,
      result.ratios.throughput >= 0.97,
    ),
    check(`client CPU ratio at c=${result.concurrency}`, '≤ 1.05', result.ratios.cpu, result.ratios.cpu <= 1.05),
  ]);
}

/** Fails fast when a subject does not send what the row claims to measure. */
function expectHeaders(row: string, present: Record<string, RegExp>, recorded: Parameters<typeof headerOf>[0]): void {
  for (const [name, pattern] of Object.entries(present)) {
    const value = headerOf(recorded, name);
    if (value === undefined || !pattern.test(value)) {
      throw new Error(`row ${row}: the subject's request has no valid ${name} header`);
    }
  }
}

const unsignedPrincipal = /^[A-Za-z0-9_-]+$/;
const jws = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const traceparent = /^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/;

/** Row 1 (BaseClient + minimal builder) and row 1b (generated region client). */
export async function apiClientRows(fixtures: Fixtures, settings: BenchSettings): Promise<RowResult[]> {
  const identity = await fixtures.identity('api', 'ec-p256');
  const url = fixtures.server.cheapUrl;
  const clientSettings = { dispatcherCache: fixtures.dispatcherCache };
  const base = new BaseClient(fixtures.kube, identity.options(url), identity.clientOptions(), clientSettings);
  const region = new Client(fixtures.kube, identity.options(url), identity.clientOptions(), clientSettings);
  const minimal = await base.apiClient(listBuilder);
  const generated = await region.apiClient();
  const bare = bareList(url, fixtures.bareAgent(identity));

  const expected = { 'X-Principal': unsignedPrincipal, traceparent };
  await apiScope(() => minimal.listNetworks());
  const sent = await fixtures.server.lastRequest();
  expectHeaders('1', expected, sent);
  await apiScope(() => generated.networks.list());
  expectHeaders('1b', expected, await fixtures.server.lastRequest());
  const sameBytes = bareList(url, fixtures.bareAgent(identity), recordedHeaders(sent, ['X-Principal', 'traceparent']));

  // Both sides run inside the same identity and trace context: only the client's own work differs.
  const minimalResults = await apiScope(() => comparisons(fixtures, settings, bare, () => minimal.listNetworks()));
  const sameBytesResults = await apiScope(() =>
    comparisons(fixtures, settings, sameBytes, () => minimal.listNetworks(), false),
  );
  const generatedResults = await apiScope(() => comparisons(fixtures, settings, bare, () => generated.networks.list()));
  const baseline = 'bare `undici.request` GET through an `Agent` with the same TLS/pool options (body read as JSON)';
  const notes = [
    'Principal set once per lane with `withPrincipal`; an active sampled span (W3C propagator, ALS context manager) makes the trace mutator add `traceparent`. Subject and baseline both run inside that context.',
  ];
  return [
    {
      id: '1',
      title: 'apiClient() call',
      subject: '`BaseClient.apiClient(builder)` with a minimal builder (`sendRequest` GET `/api/v2/networks`)',
      baseline,
      comparisons: minimalResults,
      figures: {},
      checks: [...throughputCheck(minimalResults, 0.9), ...p99Check(minimalResults, 1.15)],
      notes,
    },
    {
      id: '1s',
      title: 'apiClient() call vs a same-bytes baseline',
      subject: 'row 1',
      baseline:
        'bare `undici.request` sending the same `X-Principal` and `traceparent` values as constants (isolates library overhead from the cost of the headers themselves)',
      comparisons: sameBytesResults,
      figures: {},
      checks: [],
      notes: [],
    },
    {
      id: '1b',
      title: 'apiClient() call, generated region client',
      subject: '`Client.apiClient()` → `api.networks.list()` (generated region client)',
      baseline,
      comparisons: generatedResults,
      figures: {},
      checks: [...generatedClientChecks(generatedResults), ...p99Check(generatedResults, 1.15)],
      notes,
    },
  ];
}

/** Row 2 (BaseClient + minimal builder) and row 2b (generated region client), RSA-4096 client key. */
export async function controllerClientRows(fixtures: Fixtures, settings: BenchSettings): Promise<RowResult[]> {
  const identity = await fixtures.identity('controller', 'rsa-4096');
  const url = fixtures.server.cheapUrl;
  const resource = controllerResource('bench-cluster');
  const clientSettings = { dispatcherCache: fixtures.dispatcherCache };
  const base = new BaseClient(fixtures.kube, identity.options(url), identity.clientOptions(), clientSettings);
  const region = new Client(fixtures.kube, identity.options(url), identity.clientOptions(), clientSettings);
  const minimal = await base.controllerClient(listBuilder, resource);
  const generated = await region.controllerClient(resource);
  const bare = bareList(url, fixtures.bareAgent(identity));

  await minimal.listNetworks();
  const sent = await fixtures.server.lastRequest();
  expectHeaders('2', { 'X-Principal': jws }, sent);
  await generated.networks.list();
  expectHeaders('2b', { 'X-Principal': jws }, await fixtures.server.lastRequest());
  const sameBytes = bareList(url, fixtures.bareAgent(identity), recordedHeaders(sent, ['X-Principal']));

  const minimalResults = await comparisons(fixtures, settings, bare, () => minimal.listNetworks());
  const sameBytesResults = await comparisons(fixtures, settings, sameBytes, () => minimal.listNetworks(), false);
  const generatedResults = await comparisons(fixtures, settings, bare, () => generated.networks.list());
  const baseline =
    'bare `undici.request` GET through an `Agent` with the same TLS/pool options and the RSA-4096 client certificate';
  const notes = ['X-Principal is a PS512 JWS of the resource principal, signed with the RSA-4096 client key.'];
  return [
    {
      id: '2',
      title: 'controllerClient(resource) call, RSA-4096',
      subject: '`BaseClient.controllerClient(builder, resource)` with the minimal builder',
      baseline,
      comparisons: minimalResults,
      figures: {},
      checks: throughputCheck(minimalResults, 0.85),
      notes,
    },
    {
      id: '2s',
      title: 'controllerClient(resource) call vs a same-bytes baseline',
      subject: 'row 2',
      baseline: 'bare `undici.request` sending the same signed `X-Principal` value as a constant',
      comparisons: sameBytesResults,
      figures: {},
      checks: [],
      notes: [],
    },
    {
      id: '2b',
      title: 'controllerClient(resource) call, RSA-4096, generated region client',
      subject: '`Client.controllerClient(resource)` → `api.networks.list()`',
      baseline,
      comparisons: generatedResults,
      figures: {},
      checks: generatedClientChecks(generatedResults),
      notes,
    },
  ];
}
