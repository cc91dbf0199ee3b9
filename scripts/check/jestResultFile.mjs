// A jest reporter that writes the run's counts to the file named by UNIKORN_JEST_RESULT_FILE (relative to the
// package), for scripts/check.mjs. An environment variable rather than `-- --json --outputFile=…`, because
// arguments after `--` become part of turbo's task hash and would make the test step rebuild every package.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

export default class JestResultFile {
  onRunComplete(_contexts, results) {
    const file = process.env.UNIKORN_JEST_RESULT_FILE;
    if (!file) return;
    const { numPassedTests, numFailedTests, numRuntimeErrorTestSuites, numTotalTests } = results;
    writeFileSync(
      resolve(process.cwd(), file),
      `${JSON.stringify({ numPassedTests, numFailedTests, numRuntimeErrorTestSuites, numTotalTests })}\n`,
    );
  }
}
