/**
 * Baseline-vs-subject comparison in one run: warm both up, then alternate them (A B, B A, A B, …) for several
 * rounds and take the median of each figure and of each per-round ratio (paired rounds cancel slow drift of
 * the shared machine). At concurrency 1 each round's segments are themselves interleaved in slices of
 * {@link SEQUENTIAL_SLICE_OPS} operations, so drift within a round cancels too. With `control`, every round also
 * runs the baseline a second time (A B A′, A′ B A, …): control ÷ baseline is the comparison's own noise.
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
  /** Control ÷ baseline (the baseline against itself, same rounds), when the comparison ran a control. */
  readonly control?: Ratios;
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
  /**
   * Also runs the baseline a second time in every round (the control) and reports control ÷ baseline: how far from
   * 1.00 this comparison's own noise moves a median, measured in the same rounds as the subject.
   */
  readonly control?: boolean;
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

/**
 * Operations per slice at concurrency 1: a round's segment of each side is run as alternating slices of this many
 * calls (A B, B A, …) and summed. With one call in flight a slice ends without idling, and on a shared 2-core machine
 * this narrowed the per-round ratios of two identical calls from 0.95–1.16 to 0.96–1.04 (throughput) and from
 * 0.82–1.09 to 0.98–1.02 (client CPU), interquartile, over 21 rounds. At higher concurrency every slice would drain
 * and refill all lanes, which adds more noise than it removes, so those rounds are not sliced.
 */
export const SEQUENTIAL_SLICE_OPS = 20;

interface Sums {
  calls: number;
  elapsedNs: number;
  threadCpuUs: number;
  serverCpuUs: number;
  latencies: Float64Array[];
}

function emptySums(): Sums {
  return { calls: 0, elapsedNs: 0, threadCpuUs: 0, serverCpuUs: 0, latencies: [] };
}

function sumsFigures(sums: Sums): SideFigures {
  const latenciesNs = new Float64Array(sums.calls);
  let offset = 0;
  for (const part of sums.latencies) {
    latenciesNs.set(part, offset);
    offset += part.length;
  }
  return figures(
    { calls: sums.calls, elapsedNs: sums.elapsedNs, threadCpuUs: sums.threadCpuUs, latenciesNs },
    sums.serverCpuUs,
  );
}

/** A measured side: the baseline, the subject, or the control (the baseline run again). */
type Side = 'bare' | 'subject' | 'control';

function operationOf(side: Side, options: CompareOptions): Operation {
  return side === 'subject' ? options.subject : options.bare;
}

async function measure(side: Side, calls: number, options: CompareOptions): Promise<Segment & { serverUs: number }> {
  const serverBefore = (await options.serverCpuUs?.()) ?? Number.NaN;
  const measured = await runLoad(operationOf(side, options), calls, options.concurrency);
  const serverAfter = (await options.serverCpuUs?.()) ?? Number.NaN;
  return { ...measured, serverUs: serverAfter - serverBefore };
}

/**
 * One round: every side's segment, in `order`. At concurrency 1 the segments are run as interleaved slices (`order`,
 * then reversed, …) and summed per side.
 */
async function round(order: readonly Side[], options: CompareOptions): Promise<Map<Side, SideFigures>> {
  const figuresOf = new Map<Side, SideFigures>();
  if (options.concurrency !== 1) {
    for (const side of order) {
      const measured = await measure(side, options.ops, options);
      figuresOf.set(side, figures(measured, measured.serverUs));
    }
    return figuresOf;
  }
  const sums = new Map(order.map((side) => [side, emptySums()]));
  for (let done = 0, slice = 0; done < options.ops; slice++) {
    const calls = Math.min(SEQUENTIAL_SLICE_OPS, options.ops - done);
    for (const side of slice % 2 === 0 ? order : [...order].reverse()) {
      const measured = await measure(side, calls, options);
      const into = sums.get(side) ?? emptySums();
      into.calls += measured.calls;
      into.elapsedNs += measured.elapsedNs;
      into.threadCpuUs += measured.threadCpuUs;
      into.serverCpuUs += measured.serverUs;
      into.latencies.push(measured.latenciesNs);
    }
    done += calls;
  }
  for (const [side, sum] of sums) figuresOf.set(side, sumsFigures(sum));
  return figuresOf;
}

// No forced GC between segments: it shrinks V8's young generation and makes the next segment collect far more
// often than a running service does. All sides simply share the steady-state heap.
/** Runs the interleaved comparison. */
export async function compare(options: CompareOptions): Promise<Comparison> {
  await runLoad(options.bare, options.warmup, options.concurrency, false);
  await runLoad(options.subject, options.warmup, options.concurrency, false);
  const sides: readonly Side[] = options.control === true ? ['bare', 'subject', 'control'] : ['bare', 'subject'];
  const bySide = new Map<Side, SideFigures[]>(sides.map((side) => [side, []]));
  for (let index = 0; index < options.rounds; index++) {
    const measured = await round(index % 2 === 0 ? sides : [...sides].reverse(), options);
    for (const [side, figure] of measured) bySide.get(side)?.push(figure);
  }
  const bare = bySide.get('bare') ?? [];
  const perRound = (of: readonly SideFigures[], pick: (f: SideFigures) => number) =>
    of.map((s, i) => pick(s) / pick(bare[i]));
  const ratiosOf = (of: readonly SideFigures[]): Ratios => ({
    throughput: median(perRound(of, (f) => f.throughput)),
    p50: median(perRound(of, (f) => f.p50Us)),
    p99: median(perRound(of, (f) => f.p99Us)),
    cpu: median(perRound(of, (f) => f.cpuUsPerOp)),
  });
  const subject = bySide.get('subject') ?? [];
  const control = bySide.get('control');
  return {
    concurrency: options.concurrency,
    rounds: options.rounds,
    opsPerSegment: options.ops,
    bare: medianFigures(bare),
    subject: medianFigures(subject),
    ratios: ratiosOf(subject),
    ...(control === undefined ? {} : { control: ratiosOf(control) }),
    roundRatios: {
      throughput: perRound(subject, (f) => f.throughput),
      cpu: perRound(subject, (f) => f.cpuUsPerOp),
    },
  };
}
