// Helpers for tests that run in the scratch consumer made by packedConsumer.mjs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The scratch consumer directory (set by the jest globalSetup). */
export const consumerDir = (): string => {
  const dir = process.env.UNIKORN_PACKED_CONSUMER;
  if (!dir) throw new Error('UNIKORN_PACKED_CONSUMER is not set: run these tests through jest.config.mjs');
  return dir;
};

/** Writes `files` (relative path → text) below a fresh project folder in the consumer; returns its path. */
export const consumerProject = (name: string, files: Readonly<Record<string, string>>): string => {
  const dir = path.join(consumerDir(), name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
};

/** Runs `node args…` in `cwd`; returns status and output. */
export const runNode = (cwd: string, args: readonly string[]) => {
  const result = spawnSync(process.execPath, [...args], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
};

/** Runs the consumer's TypeScript (`tsc -p <tsconfig>`) in `cwd`. */
export const runTsc = (cwd: string, tsconfig: string) =>
  runNode(cwd, [path.join(consumerDir(), 'node_modules', 'typescript', 'bin', 'tsc'), '-p', tsconfig]);
