/** How much work each mode does. Smoke mode only has to exercise every path and the deterministic counts. */

/** Sizes of one interleaved comparison at one concurrency. */
export interface LoadSize {
  readonly warmup: number;
  readonly ops: number;
  readonly rounds: number;
}

/** Everything that depends on the mode. */
export interface BenchSettings {
  readonly mode: 'full' | 'smoke';
  /** Concurrency levels of rows 1, 2 and 5. */
  readonly concurrencies: readonly number[];
  /**
   * Sizes of rows 1, 2, 8 and 10 per concurrency: 21 rounds, because per-round ratios of two identical calls spread
   * about ± 10 % on a shared 2-core machine and rows 1b, 2b and 8 have 3–5 % targets.
   */
  readonly requestLoad: (concurrency: number) => LoadSize;
  /** Sizes of rows 6 and 7 (each operation is two or three requests to a heavier contract server). */
  readonly referenceLoad: (concurrency: number) => LoadSize;
  /**
   * Sizes of row 5 (two requests to the region server), the reference row with a 5 % client-CPU target: its
   * per-round ratios spread about ± 10 % on a shared 2-core machine, so it takes more and longer rounds for a median
   * that can resolve 5 %.
   */
  readonly networkReferenceLoad: (concurrency: number) => LoadSize;
  /** Sizes of row 9 (each operation is a TLS handshake and two Secret reads). */
  readonly goStyleLoad: (concurrency: number) => LoadSize;
  /** Row 3: client build cycles. */
  readonly cycles: number;
  /** Row 4: requests before the first and the second memory sample. */
  readonly memory: { readonly early: number; readonly late: number; readonly concurrency: number };
}

/** Full run: about eight minutes on a 2-core machine. */
export const fullSettings: BenchSettings = {
  mode: 'full',
  concurrencies: [1, 64],
  requestLoad: (c) => (c === 1 ? { warmup: 500, ops: 600, rounds: 21 } : { warmup: 3000, ops: 3000, rounds: 21 }),
  referenceLoad: (c) => (c === 1 ? { warmup: 100, ops: 150, rounds: 7 } : { warmup: 320, ops: 640, rounds: 7 }),
  networkReferenceLoad: (c) =>
    c === 1 ? { warmup: 100, ops: 150, rounds: 15 } : { warmup: 320, ops: 960, rounds: 15 },
  goStyleLoad: (c) => (c === 1 ? { warmup: 20, ops: 100, rounds: 5 } : { warmup: 64, ops: 256, rounds: 5 }),
  cycles: 1000,
  memory: { early: 1000, late: 100_000, concurrency: 64 },
};

/** Smoke run (CI): seconds; timings are meaningless, counts are exact. */
export const smokeSettings: BenchSettings = {
  mode: 'smoke',
  concurrencies: [1, 64],
  requestLoad: (c) => (c === 1 ? { warmup: 20, ops: 50, rounds: 2 } : { warmup: 128, ops: 256, rounds: 2 }),
  referenceLoad: (c) => (c === 1 ? { warmup: 5, ops: 10, rounds: 2 } : { warmup: 64, ops: 128, rounds: 2 }),
  networkReferenceLoad: (c) => (c === 1 ? { warmup: 5, ops: 10, rounds: 2 } : { warmup: 64, ops: 128, rounds: 2 }),
  goStyleLoad: (c) => (c === 1 ? { warmup: 2, ops: 5, rounds: 2 } : { warmup: 64, ops: 64, rounds: 2 }),
  cycles: 1000,
  memory: { early: 1000, late: 3000, concurrency: 64 },
};

/**
 * `settings` with every interleaved comparison of rows 1, 2, 5, 6, 7, 8 and 10 run for `rounds` rounds (`--rounds`):
 * the interval of a median narrows about as 1 ÷ √rounds. Undefined leaves the settings as they are.
 *
 * @throws Error when `rounds` is not a whole number of at least 2.
 */
export function withRounds(settings: BenchSettings, rounds: string | undefined): BenchSettings {
  if (rounds === undefined) return settings;
  const count = Number(rounds);
  if (!Number.isInteger(count) || count < 2) throw new Error(`--rounds must be a whole number ≥ 2, got ${rounds}`);
  const more = (load: (c: number) => LoadSize) => (c: number) => ({ ...load(c), rounds: count });
  return {
    ...settings,
    requestLoad: more(settings.requestLoad),
    referenceLoad: more(settings.referenceLoad),
    networkReferenceLoad: more(settings.networkReferenceLoad),
  };
}
