import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deriveContractText, deriveUsage } from '../derive/deriveContract.mjs';
import { ContractToolingError } from '../errors.mjs';
import { parseCommandLine, runCommand } from './runCommand.mjs';

/** Reads one input file; a missing or unreadable path is a one-line error naming the option and what it is. */
const readInput = (file, option, what) => {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason =
      error.code === 'ENOENT'
        ? 'no such file'
        : error.code === 'EISDIR'
          ? 'is a directory'
          : (error.code ?? 'unreadable');
    throw new ContractToolingError(`${option} ${file}: ${reason} (expected ${what})`);
  }
};

/**
 * Parses the derive command line: `--spec <file>`, one `--<name> <file>` per file reference, `--out <file>`
 * (default: the committed contract). The files may also be given as positionals, in that order. Relative paths
 * are taken from the directory the maintainer ran pnpm in (INIT_CWD), not the package's.
 *
 * @returns {{ spec: string, references: Record<string, string>, output: string }}
 */
export const parseDeriveArguments = (config, argv, cwd = process.env.INIT_CWD || process.cwd()) => {
  const files = config.references.filter((reference) => !reference.schemas);
  const usage = `usage: pnpm --filter ${config.packageName} contract:derive ${deriveUsage(config)} [--out <file>]`;
  const options = { spec: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } };
  for (const reference of files) options[reference.name] = { type: 'string' };
  const { values, positionals } = parseCommandLine(argv, options, usage);
  if (values.help) return { help: usage };
  if (positionals.length > files.length + 1)
    throw new ContractToolingError(`too many arguments: ${positionals.slice(files.length + 1).join(' ')}\n${usage}`);
  const given = (option, index, what) => {
    const value = values[option] ?? positionals[index];
    if (value === undefined) throw new ContractToolingError(`missing --${option} <file>: ${what}\n${usage}`);
    return path.resolve(cwd, value);
  };
  return {
    spec: given('spec', 0, `the upstream ${config.upstream.title} (${config.upstream.file})`),
    references: Object.fromEntries(
      files.map((reference, i) => [reference.name, given(reference.name, i + 1, reference.title)]),
    ),
    output: values.out ? path.resolve(cwd, values.out) : path.join(config.packageDir, config.contract),
  };
};

/**
 * Derives the contract from upstream files and writes it (the documented maintainer command).
 *
 * @returns {string} the file written
 */
export const deriveContract = (config, { spec, references, output }) => {
  const upstreamText = readInput(spec, '--spec', `the upstream ${config.upstream.title}`);
  const referenceTexts = {};
  for (const reference of config.references.filter((candidate) => !candidate.schemas))
    referenceTexts[reference.name] = readInput(references[reference.name], `--${reference.name}`, reference.title);
  const text = deriveContractText(config, upstreamText, referenceTexts);
  mkdirSync(path.dirname(output), { recursive: true });
  writeFileSync(output, text);
  return output;
};

/** The `derive-contract` entry point of a package: `await runDeriveCommand(config, process.argv.slice(2))`. */
export const runDeriveCommand = (config, argv) =>
  runCommand('derive-contract', () => {
    const parsed = parseDeriveArguments(config, argv);
    if (parsed.help) {
      process.stdout.write(`${parsed.help}\n`);
      return 0;
    }
    const written = deriveContract(config, parsed);
    const shown = path.relative(process.env.INIT_CWD || process.cwd(), written);
    process.stdout.write(
      `derive-contract: wrote ${shown.startsWith('..') ? written : shown}; ` +
        `now run: pnpm --filter ${config.packageName} generate\n`,
    );
    return 0;
  });
