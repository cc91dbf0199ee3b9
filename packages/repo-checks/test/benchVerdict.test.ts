import { describe, expect, it } from '@jest/globals';
import { type RunReport, renderMarkdown } from '../../../bench/src/report.ts';

type Row = RunReport['rows'][number];

const side = { throughput: 1000, p50Us: 100, p99Us: 200, cpuUsPerOp: 50, serverCpuUsPerOp: 50 };

/** 21 per-round ratios with median `center`, spread evenly over `center ± spread`. */
function rounds(center: number, spread: number): number[] {
  return Array.from({ length: 21 }, (_, i) => center + ((i - 10) / 10) * spread);
}

function comparison(concurrency: number, throughput: number, spread: number, control?: number) {
  return {
    concurrency,
    rounds: 21,
    opsPerSegment: 3000,
    bare: side,
    subject: side,
    ratios: { throughput, p50: 1, p99: 1, cpu: 1 },
    ...(control === undefined ? {} : { control: { throughput: control, p50: 1, p99: 1, cpu: 1 } }),
    roundRatios: { throughput: rounds(throughput, spread), cpu: rounds(1, spread) },
  };
}

/** A row whose c=64 comparison has median `throughput` ÷ baseline, its per-round ratios within ± `spread`. */
function row(id: string, throughput: number, spread: number, target = 0.95, control?: number): Row {
  return {
    id,
    title: `row ${id}`,
    subject: 'subject',
    baseline: 'baseline',
    comparisons: [comparison(64, throughput, spread, control)],
    figures: {},
    checks: [
      {
        name: 'throughput ratio at c=64',
        target: `≥ ${target.toFixed(2)}`,
        value: throughput,
        pass: throughput >= target,
        enforced: false,
      },
    ],
    notes: [],
  };
}

function report(rows: Row[]): RunReport {
  return {
    generatedAt: '2026-12-03T00:00:00.000Z',
    mode: 'full',
    command: 'pnpm bench',
    machine: { cpuModel: 'test', cpus: 2, memoryGiB: 1, os: 'test', node: 'v24', undici: '8', loadAverageStart: 0 },
    loadAverageEnd: 0,
    durationSeconds: 1,
    rows,
  };
}

/** The `Met` cell of a row's comparison line in the rendered table. */
function met(markdown: string, id: string): string | undefined {
  const line = markdown.split('\n').find((text) => text.startsWith(`| ${id} | row ${id} |`));
  return line?.split('|').at(-2)?.trim();
}

describe('bench RESULTS.md verdicts against the 95 % interval of each median', () => {
  it('a miss whose threshold lies inside the interval reads "within noise"; interval and A/A are printed', () => {
    // 21 rounds from 0.80 to 1.04: the sign-test interval is the 6th to 16th value, 0.86 … 0.98.
    const markdown = renderMarkdown(report([row('8', 0.92, 0.12, 0.95, 1.04)]));
    expect(met(markdown, '8')).toBe('within noise');
    expect(markdown).toContain('**0.92** [0.86, 0.98] (A/A 1.04)');
    expect(markdown).toContain('Rounds per comparison: row 8: 21.');
  });

  it('a miss whose whole interval is below the threshold stays NO', () => {
    expect(met(renderMarkdown(report([row('8', 0.9, 0.05)])), '8')).toBe('NO');
  });

  it('a met target reads yes; with too few rounds for an interval a miss is NO', () => {
    expect(met(renderMarkdown(report([row('8', 0.99, 0.3)])), '8')).toBe('yes');
    const few = row('5', 0.96, 0.3, 0.97);
    const only = { ...few.comparisons[0], roundRatios: { throughput: [0.9, 1.02], cpu: [1, 1] } };
    expect(met(renderMarkdown(report([{ ...few, comparisons: [only] }])), '5')).toBe('NO');
  });
});
