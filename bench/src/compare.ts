/**
 * Baseline-vs-subject comparison in one run: warm both up, then alternate them (A B, B A, A B, …) for several
 * rounds and take the median of each figure and of each per-round ratio (paired rounds cancel slow drift of
 * the shared machine).
 */

import { type Operation, runLoad, type Segment } from './load.ts';
import { median, quantile } from './stats.ts';

/** Figures of one side (medians over the rounds). */
export interface SideFigures {
  /** Operations per second. */
  readonly throughput: number;
  /** Median latency, microseconds. */
  readonly p50Us: number;
  /** 99th percentile latency, microseconds. */
  readonly p99Us: number;
  /** Main-thread CPU per operation, microseconds. */
  readonly cpuUsPerOp: number;
  /** Server-thread CPU per operation, microseconds (NaN when not measured). */
  readonly serverCpuUsPerOp: number;
}

/** Subject ÷ baseline, median of the per-round ratios. */
export interface Ratios {
  readonly throughput: number;
  readonly p50: number;
  readonly p99: number;
  readonly cpu: number;
}

/** Result of one {@link compare}. */
export interface Comparison {
  readonly concurrency: number;
  readonly rounds: number;
  readonly opsPerSegment: number;
  readonly bare: SideFigures;
  readonly subject: SideFigures;
  readonly ratios: Ratios;
  /** Subject ÷ baseline of each round (the spread behind the medians), in round order. */
  readonly roundRatios: { readonly throughput: readonly number[]; readonly cpu: readonly number[] };
}

/** What to compare and how much. */
export interface CompareOptions {
  readonly bare: Operation;
  readonly subject: Operation;
  readonly concurrency: number;
  /** Operations per measured segment. */
  readonly ops: number;
  readonly rounds: number;
  /** Operations per side before measuring. */
  readonly warmup: number;
  /** Reads the server thread's CPU time (microseconds), to report the server's share of the work. */
  readonly serverCpuUs?: () => Promise<number>;
}

function figures(segment: Segment, serverCpuUs: number): SideFigures {
  return {
    throughput: segment.calls / (segment.elapsedNs / 1e9),
    p50Us: quantile(segment.latenciesNs, 0.5) / 1e3,
    p99Us: quantile(segment.latenciesNs, 0.99) / 1e3,
    cpuUsPerOp: segment.threadCpuUs / segment.calls,
    serverCpuUsPerOp: serverCpuUs / segment.calls,
  };
}

function medianFigures(all: readonly SideFigures[]): SideFigures {
  return {
    throughput: median(all.map((f) => f.throughput)),
    p50Us: median(all.map((f) => f.p50Us)),
    p99Us: median(all.map((f) => f.p99Us)),
    cpuUsPerOp: median(all.map((f) => f.cpuUsPerOp)),
    serverCpuUsPerOp: median(all.map((f) => f.serverCpuUsPerOp)),
  };
}

// No forced GC between segments: it shrinks V8's young generation and makes the next segment collect far more
// often than a running service does. Both sides simply share the steady-state heap.
async function segment(side: 'bare' | 'subject', options: CompareOptions): Promise<SideFigures> {
  const serverBefore = (await options.serverCpuUs?.()) ?? Number.NaN;
  const measured = await runLoad(options[side], options.ops, options.concurrency);
  const serverAfter = (await options.serverCpuUs?.()) ?? Number.NaN;
  return figures(measured, serverAfter - serverBefore);
}

/** Runs the interleaved comparison. */
export async function compare(options: CompareOptions): Promise<Comparison> {
  await runLoad(options.bare, options.warmup, options.concurrency, false);
  await runLoad(options.subject, options.warmup, options.concurrency, false);
  const bare: SideFigures[] = [];
  const subject: SideFigures[] = [];
  for (let round = 0; round < options.rounds; round++) {
    if (round % 2 === 0) {
      bare.push(await segment('bare', options));
      subject.push(await segment('subject', options));
    } else {
      subject.push(await segment('subject', options));
      bare.push(await segment('bare', options));
    }
  }
  const perRound = (pick: (f: SideFigures) => number) => subject.map((s, i) => pick(s) / pick(bare[i]));
  const ratio = (pick: (f: SideFigures) => number) => median(perRound(pick));
  return {
    concurrency: options.concurrency,
    rounds: options.rounds,
    opsPerSegment: options.ops,
    bare: medianFigures(bare),
    subject: medianFigures(subject),
    ratios: {
      throughput: ratio((f) => f.throughput),
      p50: ratio((f) => f.p50Us),
      p99: ratio((f) => f.p99Us),
      cpu: ratio((f) => f.cpuUsPerOp),
    },
    roundRatios: { throughput: perRound((f) => f.throughput), cpu: perRound((f) => f.cpuUsPerOp) },
  };
}
