#!/usr/bin/env node
// The whole jest suite on a loaded machine (not part of CI): builds, starts two CPU-burning processes (one per core
// of the 2-core CI box), runs every package's jest suite three times, stops the burners by PID and prints the
// result of each run. Exit code 1 when any run had a failure.
//   pnpm test:loaded                 three runs, two burners
//   node scripts/loaded-tests.mjs --runs 5 --burners 3
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const turbo = join(root, 'node_modules', '.bin', 'turbo');
const RESULT_FILE = '.jest-results-loaded.json';
const { values } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, burners: { type: 'string', default: '2' } },
});
const runs = Number(values.runs);
const burnerCount = Number(values.burners);

const build = spawnSync(turbo, ['run', 'build', '--output-logs=errors-only'], { stdio: 'inherit', cwd: root });
if (build.status !== 0) {
  process.stdout.write('loaded tests: the build failed\n');
  process.exit(1);
}

const testDirs = readdirSync(join(root, 'packages'))
  .map((name) => join(root, 'packages', name))
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .filter((dir) => Boolean(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts?.test));

// Each burner spins one core at 100% until it is killed.
const burners = Array.from({ length: burnerCount }, () =>
  spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
);
const stopBurners = () => {
  for (const burner of burners) {
    if (burner.pid !== undefined && burner.exitCode === null) process.kill(burner.pid, 'SIGKILL');
  }
};
process.on('exit', stopBurners);
process.on('SIGINT', () => process.exit(130));
process.stdout.write(`loaded tests: ${burners.length} CPU burners (PIDs ${burners.map((b) => b.pid).join(', ')})\n`);

const results = [];
try {
  for (let run = 1; run <= runs; run++) {
    for (const dir of testDirs) rmSync(join(dir, RESULT_FILE), { force: true });
    const started = Date.now();
    process.stdout.write(`\n=== loaded run ${run}/${runs} ===\n`);
    spawnSync(
      turbo,
      [
        'run',
        'test',
        '--concurrency=1',
        '--continue',
        '--output-logs=errors-only',
        '--',
        '--json',
        `--outputFile=${RESULT_FILE}`,
      ],
      { stdio: 'inherit', cwd: root },
    );
    let passed = 0;
    let failed = 0;
    const failures = [];
    for (const dir of testDirs) {
      const file = join(dir, RESULT_FILE);
      if (!existsSync(file)) {
        failed += 1;
        failures.push(`${dir}: no jest result`);
        continue;
      }
      const report = JSON.parse(readFileSync(file, 'utf8'));
      passed += report.numPassedTests;
      failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
      for (const suite of report.testResults) {
        for (const test of suite.assertionResults) {
          if (test.status === 'failed') failures.push(`${suite.name.slice(root.length + 1)}: ${test.fullName}`);
        }
        if (suite.status === 'failed' && suite.assertionResults.length === 0)
          failures.push(`${suite.name}: suite failed`);
      }
      rmSync(file, { force: true });
    }
    results.push({ run, passed, failed, seconds: Math.round((Date.now() - started) / 1000), failures });
  }
} finally {
  stopBurners();
}

process.stdout.write('\nloaded test runs (2-core box with CPU burners):\n');
for (const { run, passed, failed, seconds, failures } of results) {
  process.stdout.write(`  run ${run}: ${passed} passed, ${failed} failed (${seconds} s)\n`);
  for (const failure of failures) process.stdout.write(`    ✕ ${failure}\n`);
}
const totalFailed = results.reduce((sum, result) => sum + result.failed, 0);
const totalPassed = results.reduce((sum, result) => sum + result.passed, 0);
process.stdout.write(`loaded: ${totalPassed} passed, ${totalFailed} failed\n`);
process.exit(totalFailed > 0 ? 1 : 0);
