import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { parse, stringify } from 'yaml';
import { ContractToolingError, deriveContractText } from '../src/index.mjs';
import { COMMON_SPEC, PETS_OPERATIONS, PETS_SPEC, petsWorkspace } from './support/petsContract';

/** A parsed YAML node, indexed freely (the tests assert on the values). */
interface Node {
  [key: string]: Node;
}

const petsText = readFileSync(PETS_SPEC, 'utf8');
const commonText = readFileSync(COMMON_SPEC, 'utf8');

let workspace: ReturnType<typeof petsWorkspace>;
beforeEach(() => {
  workspace = petsWorkspace();
});
afterEach(() => workspace.remove());

const derive = (overrides: Record<string, unknown> = {}, upstream = petsText, common = commonText) =>
  deriveContractText(workspace.config(overrides), upstream, { common });
const deriveDoc = (overrides: Record<string, unknown> = {}) => parse(derive(overrides)) as Node;

describe('deriving a contract', () => {
  it('gives every operation our operationId, one tag and a summary from the table', () => {
    const doc = deriveDoc();
    expect(doc.paths['/api/v1/pets'].get).toMatchObject({
      operationId: 'listPets',
      tags: ['Pets'],
      summary: 'List pets.',
    });
    expect(doc.paths['/api/v1/pets'].post).toMatchObject({ operationId: 'createPet', summary: 'Create pet.' });
    expect(doc.paths['/api/v1/pets/{petID}'].delete).toMatchObject({
      operationId: 'deletePetV1',
      tags: ['Legacy'],
      summary: 'Delete pet (v1).',
    });
    expect(doc.tags).toEqual([{ name: 'Pets' }, { name: 'Legacy' }]);
    expect(doc.info).toEqual({ title: 'Pet API', version: '1.2.3' });
  });

  it('localises remote $refs: file references copied in transitively, clashing names prefixed, inline schemas used', () => {
    const doc = deriveDoc();
    const schemas = doc.components.schemas;
    // common's `error` clashes with the upstream one, so it arrives as commonError; resourceMetadata keeps its name.
    expect(doc.components.responses.badRequestResponse.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/commonError',
    });
    expect(schemas.commonError.properties.error.enum).toEqual(['invalid_request', 'not_found']);
    expect(schemas.error.properties.local).toEqual({ type: 'boolean' });
    expect(schemas.resourceMetadata).toBeDefined();
    expect(schemas.unused).toBeUndefined();
    expect(schemas.ownerId).toEqual({ type: 'string', format: 'uuid' });
    expect(JSON.stringify(doc)).not.toContain('https://');
  });

  it('applies the renames, so names that differed only in case no longer collide', () => {
    const doc = deriveDoc();
    expect(doc.components.schemas.petOwnerId).toEqual({ type: 'string' });
    expect(doc.components.schemas.ownerID).toBeUndefined();
    expect(doc.components.schemas.petRead.properties.ownerID).toEqual({ $ref: '#/components/schemas/petOwnerId' });
  });

  it('refuses component names that differ only in case when no rename is configured', () => {
    expect(() => derive({ renames: {} })).toThrow(
      new ContractToolingError('#/components/schemas/ownerID and ownerId differ only in case; add a rename'),
    );
  });

  it('drops prose and unknown vendor extensions but keeps names, known extensions and literal data', () => {
    const doc = deriveDoc();
    const text = derive();
    for (const prose of ['Long prose', 'Path prose', 'Schema prose', 'this prose goes', 'Upstream summary', 'rex'])
      expect(text).not.toContain(prose);
    expect(doc.paths['/api/v1/pets'].get['x-go-type-hint']).toBeUndefined();
    expect(doc.paths['/api/v1/pets'].post['x-no-body']).toBe(false);
    expect(doc.components.schemas.petWrite.properties.description).toEqual({ type: 'string' });
    expect(doc.components.schemas.petRead.required).toEqual(['metadata']);
  });

  it('describes every response in its own words, maps discriminators and types object schemas', () => {
    const doc = deriveDoc();
    expect(doc.paths['/api/v1/pets'].post.responses['201'].description).toBe('Created');
    expect(doc.paths['/api/v1/pets/{petID}'].delete.responses['202'].description).toBe('Accepted');
    expect(doc.components.responses.petsResponse.description).toBe('OK');
    expect(doc.components.responses.badRequestResponse.description).toBe('Bad Request');
    expect(doc.components.schemas.kind.discriminator.mapping).toEqual({
      dog: '#/components/schemas/dog',
      cat: '#/components/schemas/cat',
    });
    expect(doc.components.schemas.petWrite.type).toBe('object');
    expect(doc.components.schemas.resourceMetadata.type).toBe('object');
  });

  it('is deterministic: paths, components and statuses listed in another order give the same bytes', () => {
    const reversed = (map: Node) => Object.fromEntries(Object.entries(map).reverse());
    const shuffle = (text: string) => {
      const doc = parse(text) as Node;
      doc.paths = reversed(doc.paths);
      for (const item of Object.values(doc.paths) as Node[])
        for (const operation of Object.values(item) as Node[])
          if (operation?.responses) operation.responses = reversed(operation.responses);
      doc.components = reversed(doc.components);
      for (const kind of Object.keys(doc.components)) doc.components[kind] = reversed(doc.components[kind]);
      return stringify(doc);
    };
    const body = (text: string) => text.replace(/^#.*\n/gm, '');
    const first = derive();
    expect(shuffle(petsText)).not.toBe(petsText);
    expect(body(derive({}, shuffle(petsText), shuffle(commonText)))).toBe(body(first));
    expect(derive()).toBe(first);
  });

  it('names its inputs and their sha256 in the header, with the command that re-derives it', () => {
    const header = derive()
      .split('\n')
      .filter((line) => line.startsWith('#'));
    expect(header).toEqual([
      '# GENERATED FILE: DO NOT EDIT BY HAND.',
      '# Derived by packages/pets/scripts/derive-contract.mjs from the reference pet API spec',
      expect.stringMatching(/^# \(pets\.spec\.yaml, info\.version 1\.2\.3, sha256 [0-9a-f]{64}\)$/),
      expect.stringMatching(/^# and the common spec v9 \(sha256 [0-9a-f]{64}\)\.$/),
      '# Re-derive: pnpm --filter @example/pets contract:derive --spec <pets.spec.yaml> --common <common.spec.yaml>',
      '# then regenerate the client: pnpm --filter @example/pets generate',
    ]);
  });

  it('fails when the upstream spec gains an operation the table does not name', () => {
    expect(() => derive({ operations: PETS_OPERATIONS.slice(1) })).toThrow(
      new ContractToolingError("no operationId for GET /api/v1/pets; add it to the configuration's operations"),
    );
  });

  it('fails when the upstream spec loses an operation the table names', () => {
    expect(() =>
      derive({ operations: [...PETS_OPERATIONS, ['put', '/api/v1/pets/{petID}', 'updatePet', 'Pets']] }),
    ).toThrow(new ContractToolingError('not in the upstream spec any more: put /api/v1/pets/{petID}'));
  });

  it('fails on a remote $ref to a document the configuration does not know', () => {
    const foreign = petsText.replace(
      'https://example.com/owners/v2/server.spec.yaml',
      'https://elsewhere.example/x.yaml',
    );
    expect(() => derive({}, foreign)).toThrow(/^unknown remote \$ref https:\/\/elsewhere\.example\/x\.yaml#/);
  });

  it('fails on a $ref to a component the referenced document does not have', () => {
    const missing = petsText.replace('#/components/schemas/resourceMetadata', '#/components/schemas/nothing');
    expect(() => derive({}, missing)).toThrow(new ContractToolingError('common has no #/components/schemas/nothing'));
  });

  it('fails with one line when an input is not YAML or not an OpenAPI document', () => {
    expect(() => derive({}, 'paths: [unclosed')).toThrow(/^pets\.spec\.yaml is not valid YAML: /);
    expect(() => derive({}, '- a list')).toThrow(/^pets\.spec\.yaml is not an OpenAPI document/);
    expect(() => derive({}, petsText, 'just a string')).toThrow(/^common\.spec\.yaml is not an OpenAPI document/);
  });
});
