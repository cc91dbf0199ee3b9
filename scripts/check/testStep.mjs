// The turbo invocation of check.mjs's test step, shared with the repository check that proves it replays the
// build step from turbo's cache (same task hashes) instead of rebuilding every package.

/** Arguments after `turbo run`. No `-- <jest args>`: arguments after `--` change the task hashes. */
export const TEST_STEP_ARGS = ['test', '--concurrency=1', '--continue', '--output-logs=new-only'];

/** The jest result file name each package writes (read back by check.mjs to count tests). */
export const RESULT_FILE = '.jest-results.json';

/** The environment of the test step: the result file travels as a pass-through variable, not an argument. */
export const TEST_STEP_ENV = { UNIKORN_JEST_RESULT_FILE: RESULT_FILE };
