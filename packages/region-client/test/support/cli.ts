/** Running the `unikorn-region` CLI in-process in tests, and the flags a request-driven user passes. */

import { main } from '../../src/cli/main';
import { CREATOR, ORGANIZATION, PROJECT } from './environment';

/** What one CLI run printed and returned. */
export interface CLIRun {
  readonly code: number;
  readonly stdout: string[];
  readonly stderr: string[];
}

/** Runs the CLI's `main` with `argv`, capturing its output lines. */
export async function runCLI(argv: readonly string[]): Promise<CLIRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(argv, { stdout: (text) => stdout.push(text), stderr: (text) => stderr.push(text) });
  return { code, stdout, stderr };
}

/** `--principal-*` flags for the test user in the test organization and project. */
export const USER_FLAGS: readonly string[] = [
  '--principal-organization-id',
  ORGANIZATION,
  '--principal-project-id',
  PROJECT,
  '--principal-type',
  'user',
  '--principal-actor',
  CREATOR,
];
