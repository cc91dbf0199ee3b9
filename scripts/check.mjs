#!/usr/bin/env node
// Everything CI checks, in order: build, generated-code freshness, lint, import rules, typecheck, package lint
// (publint + attw), the public API reports (api-extractor), the API reference site (typedoc), every package's
// jest suite, and the benchmark smoke run. Each step runs even when an earlier non-build step failed, so one run
// reports all problems. Ends with the one line CI reads:
//   tests: N passed, N failed
// where every failed step counts as a failure too (see check/summary.mjs), and exits non-zero exactly when
// that count is not 0.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarize } from './check/summary.mjs';
import { RESULT_FILE, TEST_STEP_ARGS, TEST_STEP_ENV } from './check/testStep.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const turbo = join(root, 'node_modules', '.bin', 'turbo');
const failedSteps = [];
const TEST_STEP = 'tests';

function step(name, args, env = {}) {
  process.stdout.write(`\n=== ${name} ===\n`);
  const result = spawnSync(turbo, ['run', ...args], { stdio: 'inherit', cwd: root, env: { ...process.env, ...env } });
  if (result.status !== 0) failedSteps.push(name);
  return result.status === 0;
}

function workspaceDirs() {
  const dirs = readdirSync(join(root, 'packages')).map((name) => join(root, 'packages', name));
  if (existsSync(join(root, 'bench', 'package.json'))) dirs.push(join(root, 'bench'));
  return dirs.filter((dir) => existsSync(join(dir, 'package.json')));
}

function hasScript(dir, script) {
  return Boolean(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts?.[script]);
}

const built = step('build', ['build', '--output-logs=errors-only']);
if (built) {
  step('generated code is fresh', ['generate:check', '--output-logs=errors-only']);
  step('lint', ['lint', 'lint:root', '--output-logs=errors-only']);
  // After the build: imports of a sibling package resolve to its built entry.
  step('import rules (dependency-cruiser)', ['lint:deps', '--output-logs=errors-only']);
  step('typecheck', ['typecheck', '--output-logs=errors-only']);
  step('package lint (publint, attw)', ['lint:pkg', '--output-logs=errors-only']);
  // api-extractor: fails when a package's public surface differs from its committed etc/*.api.md report
  // (update it with `pnpm --filter <pkg> api:update` and commit it with the change).
  step('public API report', ['api:check', '--output-logs=errors-only']);
  step('API reference (typedoc)', ['//#docs', '--output-logs=errors-only']);
}

let passed = 0;
let failed = 0;
if (built) {
  const testDirs = workspaceDirs().filter((dir) => hasScript(dir, 'test'));
  for (const dir of testDirs) rmSync(join(dir, RESULT_FILE), { force: true });
  // The counts come through an environment variable, not `-- --json`: arguments would change the task hashes and
  // turbo would rebuild every package instead of replaying the build above from its cache.
  step(TEST_STEP, TEST_STEP_ARGS, TEST_STEP_ENV);
  for (const dir of testDirs) {
    const file = join(dir, RESULT_FILE);
    if (!existsSync(file)) {
      process.stdout.write(`no jest result from ${dir}: counted as one failure\n`);
      failed += 1;
      continue;
    }
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
  }
  if (workspaceDirs().some((dir) => hasScript(dir, 'bench:smoke'))) step('benchmark smoke run', ['bench:smoke']);
}

if (failedSteps.length > 0) process.stdout.write(`\nfailed steps: ${failedSteps.join(', ')}\n`);
const { line, exitCode } = summarize({ passed, failed, failedSteps, testStep: TEST_STEP });
process.stdout.write(`${line}\n`);
process.exit(exitCode);
