/**
 * The shared loop of the cost ladders (profiling aids, not part of `pnpm bench`): every subject warmed up once, then
 * measured in rotating order for several rounds, and printed as CPU per operation and throughput, each with its
 * median per-round ratio to the first subject (the baseline).
 */

import { type Operation, runLoad, type Segment } from './load.ts';
import { median } from './stats.ts';

/** How much one ladder runs. */
export interface LadderSize {
  readonly ops: number;
  readonly rounds: number;
  readonly concurrency: number;
}

/** The subjects kept by `--only` (a comma list); the baseline (the first subject) always stays. */
export function selectSubjects(subjects: Readonly<Record<string, Operation>>, only: string | undefined): string[] {
  const names = Object.keys(subjects);
  return names.filter((name, index) => only === undefined || index === 0 || only.split(',').includes(name));
}

/**
 * Runs and prints the ladder. `wrap` runs each segment inside the context the subjects need (principal, span).
 */
export async function runLadder(
  subjects: Readonly<Record<string, Operation>>,
  names: readonly string[],
  size: LadderSize,
  wrap: (segment: () => Promise<Segment>) => Promise<Segment> = (segment) => segment(),
): Promise<void> {
  const { ops, rounds, concurrency } = size;
  const run = (name: string) => wrap(() => runLoad(subjects[name], ops, concurrency, false));
  for (const name of names) await run(name);
  const cpu = new Map(names.map((name) => [name, [] as number[]]));
  const rate = new Map(names.map((name) => [name, [] as number[]]));
  for (let round = 0; round < rounds; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length]);
    for (const name of order) {
      const segment = await run(name);
      cpu.get(name)?.push(segment.threadCpuUs / ops);
      rate.get(name)?.push((ops * 1e9) / segment.elapsedNs);
    }
  }
  const baseCpu = cpu.get(names[0]) ?? [];
  const baseRate = rate.get(names[0]) ?? [];
  for (const name of names) {
    const cpus = cpu.get(name) ?? [];
    const rates = rate.get(name) ?? [];
    const cpuRatio = median(cpus.map((value, i) => value / baseCpu[i]));
    const rateRatio = median(rates.map((value, i) => value / baseRate[i]));
    process.stdout.write(
      `${name.padEnd(18)} cpu ${median(cpus).toFixed(1).padStart(6)} µs/op (×${cpuRatio.toFixed(3)})  ${median(rates).toFixed(0).padStart(6)} ops/s (×${rateRatio.toFixed(3)})\n`,
    );
  }
}
