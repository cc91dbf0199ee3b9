/** The shape of every row's result, as written to the JSON file and rendered in the markdown table. */

import type { Comparison } from './compare.ts';

/** One target check. `enforced` checks make the run fail (exit code 1) in every mode. */
export interface Check {
  readonly name: string;
  /** Human-readable target, e.g. `≥ 0.90`. */
  readonly target: string;
  readonly value: number;
  readonly pass: boolean;
  readonly enforced: boolean;
}

/** One row of the list. */
export interface RowResult {
  readonly id: string;
  readonly title: string;
  /** What was measured. */
  readonly subject: string;
  /** What it was measured against. */
  readonly baseline: string;
  /** Interleaved timing comparisons, one per concurrency. */
  readonly comparisons: readonly Comparison[];
  /** Other figures (counts, bytes). */
  readonly figures: Readonly<Record<string, number | string>>;
  readonly checks: readonly Check[];
  readonly notes: readonly string[];
}

/** Builds a check. */
export function check(name: string, target: string, value: number, pass: boolean, enforced = false): Check {
  return { name, target, value, pass, enforced };
}
