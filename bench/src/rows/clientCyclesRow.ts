/**
 * Row 3: 1,000 cycles of "new Client → apiClient() → one call" with the same options (a user building a client
 * per request). The server counts TLS handshakes and the fake Kubernetes API counts Secret reads: the shared
 * dispatcher cache must make that exactly one handshake and one read of each Secret for the whole run.
 */

import { withPrincipal } from '@unikorn-cloud/identity-client';
import { Client } from '@unikorn-cloud/region-client';
import { type Fixtures, namespace } from '../fixtures.ts';
import { check, type RowResult } from '../result.ts';
import type { BenchSettings } from '../settings.ts';
import { median } from '../stats.ts';
import { apiPrincipal, bareList } from './subjects.ts';

async function timed(run: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start);
}

/** Row 3. */
export async function clientCyclesRow(fixtures: Fixtures, settings: BenchSettings): Promise<RowResult> {
  // Own Secrets and a new KubeConfig: core's default dispatcher cache (what `new Client(...)` uses) starts cold.
  const identity = await fixtures.identity('cycles', 'ec-p256');
  const kube = fixtures.newKubeConfig();
  const url = fixtures.server.cheapUrl;
  const cycles = settings.cycles;
  const runCycles = () =>
    withPrincipal(apiPrincipal, async () => {
      for (let cycle = 0; cycle < cycles; cycle++) {
        const client = new Client(kube, identity.options(url), identity.clientOptions());
        const api = await client.apiClient();
        await api.networks.list();
      }
    });

  // The counted pass: from a cold start, exactly as the issue states it.
  const before = (await fixtures.server.stats()).cheap.handshakes;
  const coldNs = await timed(runCycles);
  const handshakes = (await fixtures.server.stats()).cheap.handshakes - before;
  const caReads = fixtures.kubernetes.reads(namespace, identity.caSecretName);
  const certificateReads = fixtures.kubernetes.reads(namespace, identity.secretName);

  // Warm timing: the same cycles vs as many sequential bare requests, alternated (A B B A).
  const dispatcher = await new Client(kube, identity.options(url), identity.clientOptions()).httpClient();
  let laterConnects = 0;
  dispatcher.on('connect', () => laterConnects++);
  const agent = fixtures.bareAgent(identity);
  let bareConnects = 0;
  agent.on('connect', () => bareConnects++);
  const bare = bareList(url, agent);
  const runBare = () =>
    withPrincipal(apiPrincipal, async () => {
      for (let cycle = 0; cycle < cycles; cycle++) await bare();
    });
  await bare();
  const subjectNs = [await timed(runCycles)];
  const bareNs = [await timed(runBare), await timed(runBare)];
  subjectNs.push(await timed(runCycles));
  const subjectPerCycleUs = median(subjectNs) / cycles / 1e3;
  const barePerRequestUs = median(bareNs) / cycles / 1e3;

  return {
    id: '3',
    title: `${cycles.toLocaleString('en')} × (new Client → apiClient() → one call)`,
    subject:
      '`new Client(kube, options, clientOptions)` (core default dispatcher cache) → `apiClient()` → `networks.list()`, back to back',
    baseline: `${cycles.toLocaleString('en')} back-to-back bare \`undici.request\` calls on one Agent`,
    comparisons: [],
    figures: {
      cycles,
      tlsHandshakes: handshakes,
      caSecretReads: caReads,
      clientCertificateSecretReads: certificateReads,
      coldUsPerCycle: coldNs / cycles / 1e3,
      subjectUsPerCycle: subjectPerCycleUs,
      bareUsPerRequest: barePerRequestUs,
      timeRatio: subjectPerCycleUs / barePerRequestUs,
      subjectConnectsWarm: laterConnects,
      bareConnects,
    },
    checks: [
      check('TLS handshakes', '= 1', handshakes, handshakes === 1, true),
      check('CA Secret reads', '= 1', caReads, caReads === 1, true),
      check('client certificate Secret reads', '= 1', certificateReads, certificateReads === 1, true),
      check(
        'time ratio (warm)',
        '≤ 1.20',
        subjectPerCycleUs / barePerRequestUs,
        subjectPerCycleUs / barePerRequestUs <= 1.2,
      ),
    ],
    notes: [
      `Counts are from the first (cold) ${cycles.toLocaleString('en')} cycles, taken by the server and the fake Kubernetes API.`,
      `The time ratio compares warm passes (median of two each); ${cycles.toLocaleString('en')} more cycles then opened ${laterConnects} connection(s).`,
      `The bare Agent opened ${bareConnects} connection(s) for its ${(2 * cycles + 1).toLocaleString('en')} back-to-back requests (undici reuses a socket only one event-loop turn after a response).`,
    ],
  };
}
