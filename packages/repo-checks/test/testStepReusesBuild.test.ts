import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { TEST_STEP_ARGS, TEST_STEP_ENV } from '../../../scripts/check/testStep.mjs';

const root = path.resolve(import.meta.dirname, '../../..');
const turbo = path.join(root, 'node_modules', '.bin', 'turbo');

interface DryTask {
  readonly taskId: string;
  readonly hash: string;
}

/** The tasks `turbo run --dry=json <args>` would run, with their hashes (nothing is run). */
function dryRun(args: readonly string[], env: Record<string, string> = {}): Map<string, string> {
  const output = execFileSync(turbo, ['run', '--dry=json', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env, TURBO_TELEMETRY_DISABLED: '1' },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  const { tasks } = JSON.parse(output) as { tasks: DryTask[] };
  return new Map(tasks.map((task) => [task.taskId, task.hash]));
}

describe("check.mjs's test step", () => {
  it('depends on exactly the build tasks the build step runs, so turbo replays them from its cache', () => {
    const build = dryRun(['build']);
    const test = dryRun(TEST_STEP_ARGS, TEST_STEP_ENV);
    const builds = [...test].filter(([taskId]) => taskId.endsWith('#build'));
    expect(builds.length).toBeGreaterThan(0);
    for (const [taskId, hash] of builds) expect({ taskId, hash }).toEqual({ taskId, hash: build.get(taskId) });
  });

  it('would rebuild if arguments were passed to jest (the regression this guards against)', () => {
    const build = dryRun(['build']);
    const test = dryRun([...TEST_STEP_ARGS, '--', '--json']);
    const changed = [...test].filter(([taskId, hash]) => taskId.endsWith('#build') && build.get(taskId) !== hash);
    expect(changed.length).toBeGreaterThan(0);
  });
});
