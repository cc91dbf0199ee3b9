// Writes the pets package's entry scripts and configuration module into a temporary workspace, so the tests can
// run the commands exactly as a package's `generate` / `contract:derive` scripts do, in a child process.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { petsWorkspace } from './petsContract';

const tooling = pathToFileURL(path.resolve(import.meta.dirname, '../../src/index.mjs')).href;

export const writePetsPackage = (workspace: ReturnType<typeof petsWorkspace>) => {
  const { packageDir } = workspace;
  mkdirSync(path.join(packageDir, 'contract'), { recursive: true });
  writeFileSync(
    path.join(packageDir, 'contract', 'pets.config.mjs'),
    [
      `import { fileURLToPath } from 'node:url';`,
      `import { defineContract } from '${tooling}';`,
      `export default defineContract({`,
      `  packageDir: fileURLToPath(new URL('..', import.meta.url)),`,
      `  name: 'pets', contract: 'contract/pets.yaml', generated: 'src/generated', clientName: 'PetAPI',`,
      `  scripts: { generate: 'scripts/generate.mjs', derive: 'scripts/derive-contract.mjs' },`,
      `  upstream: { title: 'pet API spec', file: 'pets.spec.yaml' },`,
      `  references: [`,
      `    { name: 'common', document: /^https:\\/\\/example\\.com\\/core\\/v9\\/common\\.spec\\.yaml$/,`,
      `      title: 'the common spec v9', file: 'common.spec.yaml' },`,
      `    { name: 'owners', document: /^https:\\/\\/example\\.com\\/owners\\/v2\\/server\\.spec\\.yaml$/,`,
      `      schemas: { ownerId: { type: 'string', format: 'uuid' } } },`,
      `  ],`,
      `  renames: { schemas: { ownerID: 'petOwnerId' } },`,
      `  tags: ['Pets', 'Legacy'],`,
      `  operations: [`,
      `    ['get', '/api/v1/pets', 'listPets', 'Pets'],`,
      `    ['post', '/api/v1/pets', 'createPet', 'Pets'],`,
      `    ['delete', '/api/v1/pets/{petID}', 'deletePetV1', 'Legacy'],`,
      `  ],`,
      `});`,
      '',
    ].join('\n'),
  );
  for (const [script, command] of [
    ['generate.mjs', 'runGenerateCommand'],
    ['derive-contract.mjs', 'runDeriveCommand'],
  ])
    writeFileSync(
      path.join(packageDir, 'scripts', script),
      `import { ${command} } from '${tooling}';\nimport config from '../contract/pets.config.mjs';\n` +
        `await ${command}(config, process.argv.slice(2));\n`,
    );
};

/** Runs one of the package's scripts with `node`, from `cwd` (the workspace root unless given). */
export const runScript = (
  workspace: ReturnType<typeof petsWorkspace>,
  script: 'generate.mjs' | 'derive-contract.mjs',
  args: string[],
  cwd = workspace.root,
) => {
  const result = spawnSync(process.execPath, [path.join(workspace.packageDir, 'scripts', script), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, INIT_CWD: cwd, NODE_OPTIONS: '' },
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
};
