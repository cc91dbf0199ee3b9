import { describe, expect, it } from '@jest/globals';
import { summarize } from '../../../scripts/check/summary.mjs';

const TEST_STEP = 'tests';

describe('scripts/check.mjs closing line', () => {
  it('a green run: the jest counts and exit 0', () => {
    expect(summarize({ passed: 618, failed: 0, failedSteps: [], testStep: TEST_STEP })).toEqual({
      line: 'tests: 618 passed, 0 failed',
      exitCode: 0,
    });
  });

  it('a failed step with every test green counts as a failure: never "0 failed" with a non-zero exit', () => {
    expect(
      summarize({ passed: 618, failed: 0, failedSteps: ['generated code is fresh'], testStep: TEST_STEP }),
    ).toEqual({ line: 'tests: 618 passed, 1 failed', exitCode: 1 });
    expect(summarize({ passed: 0, failed: 0, failedSteps: ['build'], testStep: TEST_STEP })).toEqual({
      line: 'tests: 0 passed, 1 failed',
      exitCode: 1,
    });
  });

  it('failing tests count once each; the test step itself adds nothing on top of them', () => {
    expect(summarize({ passed: 600, failed: 3, failedSteps: [TEST_STEP], testStep: TEST_STEP })).toEqual({
      line: 'tests: 600 passed, 3 failed',
      exitCode: 1,
    });
  });

  it('a test step that failed with no failing test reported (a crash) counts as one failure', () => {
    expect(summarize({ passed: 600, failed: 0, failedSteps: [TEST_STEP, 'lint'], testStep: TEST_STEP })).toEqual({
      line: 'tests: 600 passed, 2 failed',
      exitCode: 1,
    });
  });
});
