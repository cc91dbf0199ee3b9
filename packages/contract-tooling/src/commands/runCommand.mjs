import { parseArgs } from 'node:util';
import { ContractToolingError } from '../errors.mjs';

/**
 * Runs a command body and reports its outcome the way a maintainer wants to read it: a
 * {@link ContractToolingError} (or a bad option) prints `<command>: <message>` and sets exit code 1 (no stack);
 * any other error is a bug in the tooling and is rethrown with its stack.
 *
 * @param {string} command the name printed before messages ("derive-contract")
 * @param {() => Promise<number | void> | number | void} body returns the exit code (default 0)
 */
export const runCommand = async (command, body) => {
  try {
    process.exitCode = (await body()) ?? 0;
  } catch (error) {
    if (!(error instanceof ContractToolingError) && !isParseArgsError(error)) throw error;
    process.stderr.write(`${command}: ${error.message}\n`);
    process.exitCode = 1;
  }
};

const isParseArgsError = (error) => typeof error?.code === 'string' && error.code.startsWith('ERR_PARSE_ARGS_');

/**
 * node:util parseArgs in strict mode, after dropping the `--` pnpm passes along from
 * `pnpm --filter <pkg> <script> -- <args>`.
 */
export const parseCommandLine = (argv, options, usage) => {
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    if (isParseArgsError(error)) throw new ContractToolingError(`${error.message}\n${usage}`);
    throw error;
  }
};
