/**
 * Row 4: heap and open sockets after 100,000 requests vs after 1,000 (the baseline), for the generated region
 * client. Heap is sampled after two forced collections; sockets are counted on the client (connect minus disconnect
 * events of the dispatcher) and on the server.
 */

import type { EventEmitter } from 'node:events';
import { withPrincipal } from '@unikorn-cloud/identity-client';
import { Client } from '@unikorn-cloud/region-client';
import type { Fixtures } from '../fixtures.ts';
import { type Operation, runLoad } from '../load.ts';
import { check, type RowResult } from '../result.ts';
import type { BenchSettings } from '../settings.ts';
import { withActiveSpan } from '../trace.ts';
import { apiPrincipal } from './subjects.ts';

/** Heap growth below this is noise (≈ 10 bytes per request over 100,000 requests). */
const heapNoiseBytes = 1024 * 1024;

interface Sample {
  readonly heapUsed: number;
  readonly clientSockets: number;
  readonly serverSockets: number;
}

/** Counts connections of a dispatcher from its `connect` / `disconnect` events. */
function socketCounter(dispatcher: EventEmitter): () => number {
  let open = 0;
  dispatcher.on('connect', () => open++);
  dispatcher.on('disconnect', () => open--);
  return () => open;
}

async function sample(fixtures: Fixtures, clientSockets: () => number): Promise<Sample> {
  const gc = globalThis.gc;
  if (gc === undefined) throw new Error('row 4 needs node --expose-gc');
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  const heapUsed = process.memoryUsage().heapUsed;
  const serverSockets = (await fixtures.server.stats()).cheap.openSockets;
  return { heapUsed, clientSockets: clientSockets(), serverSockets };
}

async function measure(
  fixtures: Fixtures,
  settings: BenchSettings,
  operation: Operation,
  clientSockets: () => number,
): Promise<{ early: Sample; late: Sample }> {
  const { early, late, concurrency } = settings.memory;
  await runLoad(operation, early, concurrency, false);
  const first = await sample(fixtures, clientSockets);
  await runLoad(operation, late - early, concurrency, false);
  return { early: first, late: await sample(fixtures, clientSockets) };
}

const mib = (bytes: number) => bytes / (1024 * 1024);

/** Row 4. */
export async function memoryRow(fixtures: Fixtures, settings: BenchSettings): Promise<RowResult> {
  const identity = await fixtures.identity('memory', 'ec-p256');
  const url = fixtures.server.cheapUrl;
  const client = new Client(fixtures.kube, identity.options(url), identity.clientOptions(), {
    dispatcherCache: fixtures.dispatcherCache,
  });
  const dispatcher = await client.httpClient();
  const subjectSockets = socketCounter(dispatcher);
  const api = await client.apiClient();

  const subject = await withPrincipal(apiPrincipal, () =>
    withActiveSpan(() => measure(fixtures, settings, () => api.networks.list(), subjectSockets)),
  );

  const heapGrowth = subject.late.heapUsed - subject.early.heapUsed;
  const socketGrowth = subject.late.clientSockets - subject.early.clientSockets;
  const { early, late } = settings.memory;
  return {
    id: '4',
    title: `memory after ${late.toLocaleString('en')} vs ${early.toLocaleString('en')} requests (c=${settings.memory.concurrency})`,
    subject: '`Client.apiClient()` → `networks.list()` (generated region client, principal + trace)',
    baseline: `the same client after its first ${early.toLocaleString('en')} requests`,
    comparisons: [],
    figures: {
      earlyRequests: early,
      lateRequests: late,
      heapEarlyMiB: mib(subject.early.heapUsed),
      heapLateMiB: mib(subject.late.heapUsed),
      heapGrowthMiB: mib(heapGrowth),
      heapRatio: subject.late.heapUsed / subject.early.heapUsed,
      clientSocketsEarly: subject.early.clientSockets,
      clientSocketsLate: subject.late.clientSockets,
      serverSocketsEarly: subject.early.serverSockets,
      serverSocketsLate: subject.late.serverSockets,
    },
    checks: [
      check('heap growth (MiB)', `< ${mib(heapNoiseBytes)} MiB`, mib(heapGrowth), heapGrowth < heapNoiseBytes),
      check('client socket growth', '≤ 0', socketGrowth, socketGrowth <= 0),
    ],
    notes: [
      `Heap sampled after two forced GCs (node --expose-gc). Noise threshold ${mib(heapNoiseBytes)} MiB ≈ ${Math.round(heapNoiseBytes / (late - early))} bytes per request.`,
    ],
  };
}
