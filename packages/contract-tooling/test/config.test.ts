import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ContractToolingError } from '../src/index.mjs';
import { PETS_OPERATIONS, petsWorkspace } from './support/petsContract';

let workspace: ReturnType<typeof petsWorkspace>;
beforeEach(() => {
  workspace = petsWorkspace();
});
afterEach(() => workspace.remove());

const refused = (overrides: Record<string, unknown>, message: string) =>
  expect(() => workspace.config(overrides)).toThrow(new ContractToolingError(`contract configuration: ${message}`));

describe('defineContract', () => {
  it('fills in the package name and its path from the repository root', () => {
    const config = workspace.config();
    expect(config.packageName).toBe('@example/pets');
    expect(config.packagePath).toBe('packages/pets');
    expect(config.keptExtensions).toContain('x-no-body');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('refuses a duplicate operationId, an unknown tag, a route listed twice and a malformed entry', () => {
    refused(
      { operations: [...PETS_OPERATIONS, ['get', '/api/v1/other', 'listPets', 'Pets']] },
      'duplicate operationId listPets',
    );
    refused({ operations: [['get', '/api/v1/pets', 'listPets', 'Dogs']] }, 'listPets: unknown tag Dogs');
    refused(
      { operations: [...PETS_OPERATIONS, ['get', '/api/v1/pets', 'listPetsAgain', 'Pets']] },
      'GET /api/v1/pets is listed twice',
    );
    refused(
      { operations: [['GET', '/api/v1/pets', 'listPets', 'Pets']] },
      'listPets: unknown method GET (lower case, e.g. get)',
    );
    refused(
      { operations: [['get', '/api/v1/pets', 'listPets']] },
      'each operation must be [method, path, operationId, tag], got ["get","/api/v1/pets","listPets"]',
    );
    refused(
      { operations: [['get', '/api/v1/pets', 'ListPets', 'Pets']] },
      'operationId ListPets must be lowerCamelCase',
    );
  });

  it('refuses paths outside the package and reference names that clash with the derive options', () => {
    refused({ contract: '../elsewhere.yaml' }, 'contract must be a path inside the package, got ../elsewhere.yaml');
    refused({ generated: '/tmp/out' }, 'generated must be a path inside the package, got /tmp/out');
    refused(
      { references: [{ name: 'spec', document: /x/, title: 't', file: 'f' }] },
      'references[0].name must be a lower-case option name other than spec, out, help, check',
    );
    refused(
      { references: [{ name: 'common', document: 'https://x', title: 't', file: 'f' }] },
      'references[0].document must be a RegExp matching the $ref URL',
    );
    refused({ references: [{ name: 'common', document: /x/ }] }, 'references[0].title must be a non-empty string');
  });

  it('refuses a package directory without package.json', () => {
    refused({ packageDir: workspace.root + '/nowhere' }, `no package.json in ${workspace.root}/nowhere`);
  });
});
