import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ContractToolingError } from '../errors.mjs';
import { compareTrees } from '../generate/compareTrees.mjs';
import { generateClient } from '../generate/generateClient.mjs';
import { contractConfigProblems, readContract } from '../generate/readContract.mjs';
import { parseCommandLine, runCommand } from './runCommand.mjs';

/**
 * Checks that the generated client is what the committed contract generates today (into a temporary directory,
 * compared byte for byte) and that the contract agrees with its configuration's operation table.
 *
 * @returns {Promise<string[]>} one line per problem; [] when fresh
 */
export const checkGenerated = async (config) => {
  const contract = readContract(config);
  const problems = contractConfigProblems(config, contract).map((problem) => `contract: ${problem}`);
  const root = mkdtempSync(path.join(tmpdir(), `${config.name}-generate-`));
  try {
    await generateClient(config, contract, root);
    problems.push(
      ...compareTrees(
        path.join(root, config.generated),
        path.join(config.packageDir, config.generated),
        config.generated,
      ),
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return problems;
};

/** Regenerates the client in the package from the committed contract. */
export const writeGenerated = async (config) => {
  const contract = readContract(config);
  const problems = contractConfigProblems(config, contract);
  if (problems.length > 0)
    throw new ContractToolingError(
      `${config.contract} does not match the configuration; re-derive it (contract:derive):\n  ${problems.join('\n  ')}`,
    );
  return generateClient(config, contract, config.packageDir);
};

/**
 * The `generate` entry point of a package: `await runGenerateCommand(config, process.argv.slice(2))`.
 * No arguments: regenerate `generated` from the committed contract. `--check`: compare instead, exit 1 naming
 * every stale, missing or extra file.
 */
export const runGenerateCommand = (config, argv) =>
  runCommand(`${config.name} generate`, async () => {
    const usage = `usage: pnpm --filter ${config.packageName} generate [--check]`;
    const { values, positionals } = parseCommandLine(argv, { check: { type: 'boolean' } }, usage);
    if (positionals.length > 0)
      throw new ContractToolingError(
        `generate reads only the committed ${config.contract} and takes no files; ` +
          `to re-derive the contract from upstream files run: pnpm --filter ${config.packageName} contract:derive --help`,
      );
    if (!values.check) {
      const files = await writeGenerated(config);
      process.stdout.write(`${config.packageName}: wrote ${config.generated}/ (${files.length} files).\n`);
      return 0;
    }
    const problems = await checkGenerated(config);
    if (problems.length === 0) {
      process.stdout.write(`${config.packageName}: ${config.generated} is up to date with ${config.contract}.\n`);
      return 0;
    }
    process.stderr.write(
      `${config.packageName}: generated files are out of date (${problems.length}):\n  ${problems.join('\n  ')}\n` +
        (problems.some((problem) => problem.startsWith('contract: '))
          ? `Re-derive the contract (pnpm --filter ${config.packageName} contract:derive --help), then generate.\n`
          : `Run \`pnpm --filter ${config.packageName} generate\` and commit the result.\n`),
    );
    return 1;
  });
