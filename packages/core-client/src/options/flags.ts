/**
 * A tiny command-line flag reader that understands the Go (pflag) long-flag forms used by Unikorn services,
 * so the same Helm values can drive a Go or a TypeScript service.
 */

import { ParseFlagError } from '../errors/errors';

/** `--name` for `name` or `--name`. */
function withDashes(name: string): string {
  return name.startsWith('--') ? name : `--${name}`;
}

/**
 * Reads the values of the named flags from an argv array.
 *
 * Accepts `--name=value` and `--name value` (the last occurrence wins). Unknown flags and positional
 * arguments are ignored; a bare `--` ends flag parsing.
 *
 * @param argv - Arguments without the node binary and script path (e.g. `process.argv.slice(2)`).
 * @param names - Flag names to read, with or without the leading `--`.
 * @returns A map from each name exactly as given in `names` to its value; absent flags have no entry.
 * @throws ParseFlagError when a known flag is last and has no value (`flag needs an argument: --name`).
 */
export function readFlags(argv: readonly string[], names: readonly string[]): Map<string, string> {
  const byFlag = new Map(names.map((name) => [withDashes(name), name] as const));
  const values = new Map<string, string>();

  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--') {
      break;
    }
    if (!argument.startsWith('--')) {
      continue;
    }

    const equals = argument.indexOf('=');
    const flag = equals === -1 ? argument : argument.slice(0, equals);
    const name = byFlag.get(flag);
    if (name === undefined) {
      continue;
    }

    if (equals !== -1) {
      values.set(name, argument.slice(equals + 1));
    } else if (index + 1 < argv.length) {
      index++;
      values.set(name, argv[index]);
    } else {
      throw new ParseFlagError(`flag needs an argument: ${flag}`);
    }
  }

  return values;
}
