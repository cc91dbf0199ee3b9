/**
 * Cost ladder (a profiling aid, not part of `pnpm bench`): several subjects of the list request — bare undici,
 * bare with the same header bytes, the identity BaseClient and the generated region client — run interleaved
 * in one process (rotating order per round), so the step each layer adds shows as a ratio to bare in the same run.
 *
 *   node --expose-gc src/ladder.ts --concurrency 1 --ops 2000 --rounds 15
 */

import { parseArgs } from 'node:util';
import { BaseClient, withPrincipal } from '@unikorn-cloud/identity-client';
import { Client } from '@unikorn-cloud/region-client';
import { startFixtures } from './fixtures.ts';
import { type Operation, runLoad } from './load.ts';
import { apiPrincipal, bareList, listBuilder, recordedHeaders } from './rows/subjects.ts';
import { median } from './stats.ts';
import { installTracing, withActiveSpan } from './trace.ts';

const { values } = parseArgs({
  options: {
    ops: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '15' },
    concurrency: { type: 'string', default: '1' },
    only: { type: 'string' },
  },
});

installTracing();
const fixtures = await startFixtures();
try {
  const identity = await fixtures.identity('ladder', 'ec-p256');
  const url = fixtures.server.cheapUrl;
  const settings = { dispatcherCache: fixtures.dispatcherCache };
  const region = new Client(fixtures.kube, identity.options(url), identity.clientOptions(), settings);
  const base = new BaseClient(fixtures.kube, identity.options(url), identity.clientOptions(), settings);
  const minimal = await base.apiClient(listBuilder);
  const api = await region.apiClient();
  await withPrincipal(apiPrincipal, () => withActiveSpan(() => api.networks.list()));
  const sent = await fixtures.server.lastRequest();
  const subjects: Record<string, Operation> = {
    bare: bareList(url, fixtures.bareAgent(identity)),
    bareHeaders: bareList(url, fixtures.bareAgent(identity), recordedHeaders(sent, ['X-Principal', 'traceparent'])),
    baseClient: () => minimal.listNetworks(),
    region: () => api.networks.list(),
    perRequest: async () => (await region.apiClient()).networks.list(),
  };
  const names = Object.keys(subjects).filter(
    (name) => values.only === undefined || name === 'bare' || values.only.split(',').includes(name),
  );
  const ops = Number(values.ops);
  const concurrency = Number(values.concurrency);
  const run = (name: string, total: number) =>
    withPrincipal(apiPrincipal, () => withActiveSpan(() => runLoad(subjects[name], total, concurrency, false)));
  for (const name of names) await run(name, ops);
  const cpu: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  const rate: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < Number(values.rounds); round++) {
    const order = names.map((_, i) => names[(i + round) % names.length]);
    for (const name of order) {
      const segment = await run(name, ops);
      cpu[name].push(segment.threadCpuUs / ops);
      rate[name].push((ops * 1e9) / segment.elapsedNs);
    }
  }
  for (const name of names) {
    const cpuRatio = median(cpu[name].map((value, i) => value / cpu.bare[i]));
    const rateRatio = median(rate[name].map((value, i) => value / rate.bare[i]));
    process.stdout.write(
      `${name.padEnd(12)} cpu ${median(cpu[name]).toFixed(1).padStart(6)} µs/op (×${cpuRatio.toFixed(3)})  ${median(rate[name]).toFixed(0).padStart(6)} ops/s (×${rateRatio.toFixed(3)})\n`,
    );
  }
} finally {
  await fixtures.close();
}
