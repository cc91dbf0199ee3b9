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
import { runLadder, selectSubjects } from './ladderRounds.ts';
import type { Operation } from './load.ts';
import { apiPrincipal, bareList, listBuilder, recordedHeaders } from './rows/subjects.ts';
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
  const names = selectSubjects(subjects, values.only);
  const size = { ops: Number(values.ops), rounds: Number(values.rounds), concurrency: Number(values.concurrency) };
  await runLadder(subjects, names, size, (segment) => withPrincipal(apiPrincipal, () => withActiveSpan(segment)));
} finally {
  await fixtures.close();
}
