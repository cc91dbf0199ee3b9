// The closing line of scripts/check.mjs, kept apart so it can be tested: `tests: N passed, N failed`.

/**
 * Counts a run: the tests jest reported, plus one failure for every failed step that is not the test step (a
 * stale generated file, a lint error, a broken build, …), plus one when the test step failed although jest
 * reported no failing test (a crash, no result file). So the line never says `0 failed` when the run fails.
 *
 * @param {{ passed: number, failed: number, failedSteps: readonly string[], testStep: string }} run
 * @returns {{ line: string, exitCode: number }}
 */
export function summarize({ passed, failed, failedSteps, testStep }) {
  const otherSteps = failedSteps.filter((name) => name !== testStep).length;
  const testStepUncounted = failedSteps.includes(testStep) && failed === 0 ? 1 : 0;
  const total = failed + otherSteps + testStepUncounted;
  return { line: `tests: ${passed} passed, ${total} failed`, exitCode: total > 0 ? 1 : 0 };
}
