// A throwaway workspace holding one package with the pets contract configuration, for the tooling's tests.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineContract } from '../../src/index.mjs';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
export const PETS_SPEC = path.join(FIXTURES, 'pets.spec.yaml');
export const COMMON_SPEC = path.join(FIXTURES, 'common.spec.yaml');

export type Operation = [string, string, string, string];

export const PETS_OPERATIONS: Operation[] = [
  ['get', '/api/v1/pets', 'listPets', 'Pets'],
  ['post', '/api/v1/pets', 'createPet', 'Pets'],
  ['delete', '/api/v1/pets/{petID}', 'deletePetV1', 'Legacy'],
];

/** The pets contract's definition; `overrides` replace top-level fields. */
export const petsDefinition = (packageDir: string, overrides: Record<string, unknown> = {}) => ({
  packageDir,
  name: 'pets',
  contract: 'contract/pets.yaml',
  generated: 'src/generated',
  clientName: 'PetAPI',
  scripts: { generate: 'scripts/generate.mjs', derive: 'scripts/derive-contract.mjs' },
  upstream: { title: 'pet API spec', file: 'pets.spec.yaml' },
  references: [
    {
      name: 'common',
      document: /^https:\/\/example\.com\/core\/v9\/common\.spec\.yaml$/,
      title: 'the common spec v9',
      file: 'common.spec.yaml',
    },
    {
      name: 'owners',
      document: /^https:\/\/example\.com\/owners\/v2\/server\.spec\.yaml$/,
      schemas: { ownerId: { type: 'string', format: 'uuid' } },
    },
  ],
  renames: { schemas: { ownerID: 'petOwnerId' } },
  tags: ['Pets', 'Legacy'],
  operations: PETS_OPERATIONS,
  ...overrides,
});

/** A temporary workspace with `packages/pets` (package.json only); removed by `remove()`. */
export const petsWorkspace = () => {
  const root = mkdtempSync(path.join(tmpdir(), 'contract-tooling-'));
  writeFileSync(path.join(root, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n');
  const packageDir = path.join(root, 'packages', 'pets');
  mkdirSync(path.join(packageDir, 'scripts'), { recursive: true });
  writeFileSync(path.join(packageDir, 'package.json'), '{ "name": "@example/pets", "private": true }\n');
  copyFileSync(PETS_SPEC, path.join(root, 'pets.spec.yaml'));
  copyFileSync(COMMON_SPEC, path.join(root, 'common.spec.yaml'));
  return {
    root,
    packageDir,
    config: (overrides: Record<string, unknown> = {}) => defineContract(petsDefinition(packageDir, overrides)),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
};
