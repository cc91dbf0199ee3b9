import { describe, expect, it } from '@jest/globals';
import { methodName, operationGroupSources, optionName } from '../src/generate/operationGroups.mjs';
import { modelContract, modelNamesOf, typeOf } from '../src/generate/schemaTypes.mjs';

const contract = {
  openapi: '3.0.3',
  info: { title: 'pets', version: '1.0.0' },
  paths: {
    '/api/v1/pets': {
      get: {
        operationId: 'listPets',
        tags: ['Pets'],
        summary: 'List pets.',
        parameters: [{ name: 'ownerID', in: 'query', schema: { type: 'array', items: { type: 'string' } } }],
        responses: {
          '200': {
            description: 'OK',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/pets' } } },
          },
          '400': { $ref: '#/components/responses/badRequest' },
        },
      },
      post: {
        operationId: 'createPet',
        tags: ['Pets'],
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/petWrite' } } } },
        responses: { '201': { description: 'Created' } },
      },
    },
    '/api/v1/pets/{petID}': {
      parameters: [{ $ref: '#/components/parameters/petIDParameter' }],
      delete: { operationId: 'deletePet', tags: ['Pets'], responses: { '204': { description: 'gone' } } },
    },
  },
  components: {
    parameters: { petIDParameter: { name: 'petID', in: 'path', required: true, schema: { type: 'string' } } },
    responses: { badRequest: { description: 'Bad Request' } },
    schemas: {
      pets: { type: 'array', items: { $ref: '#/components/schemas/pet' } },
      pet: { type: 'object', properties: { name: { type: 'string' } } },
      petWrite: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
      error: { type: 'object' },
    },
  },
};

// Only the fields operationGroupSources reads.
const config = {
  name: 'pets',
  clientName: 'PetAPI',
  tags: ['Pets'],
  operations: [
    ['get', '/api/v1/pets', 'listPets', 'Pets'],
    ['post', '/api/v1/pets', 'createPet', 'Pets'],
    ['delete', '/api/v1/pets/{petID}', 'deletePet', 'Pets'],
  ],
  operationGroups: { runtime: '@example/runtime' },
} as unknown as Parameters<typeof operationGroupSources>[0];

describe('operation group naming', () => {
  it('drops the tag noun from the operationId, plural or singular, and keeps names that do not contain it', () => {
    expect(methodName('listNetworks', 'Networks')).toBe('list');
    expect(methodName('addNetworkReference', 'Networks')).toBe('addReference');
    expect(methodName('listImagesV1', 'Images')).toBe('listV1');
    expect(methodName('getSshCertificateAuthority', 'SshCertificateAuthorities')).toBe('get');
    expect(methodName('listIdentities', 'Identities')).toBe('list');
    expect(methodName('getVersion', 'ServiceInfo')).toBe('getVersion');
    expect(methodName('listNetworksV1', 'Legacy')).toBe('listNetworksV1');
  });

  it('camel-cases wire parameter names the way users write them', () => {
    expect(optionName('organizationID')).toBe('organizationId');
    expect(optionName('filestorageID')).toBe('filestorageId');
    expect(optionName('reference')).toBe('reference');
    expect(optionName('x-request-id')).toBe('xRequestId');
  });

  it('names models in PascalCase, refuses names that shadow globals unless overridden, and rewrites $refs', () => {
    expect(() => modelNamesOf(contract)).toThrow(/model name Error shadows a global; add it to modelNames/);
    const names = modelNamesOf(contract, { error: 'ErrorBody' });
    expect([...names.values()]).toEqual(['Pets', 'Pet', 'PetWrite', 'ErrorBody']);
    const models = modelContract(contract, names);
    expect(models.paths).toEqual({});
    expect((models.components.schemas as Record<string, unknown>).Pets).toEqual({
      type: 'array',
      items: { $ref: '#/components/schemas/Pet' },
    });
    const imports = new Set<string>();
    expect(typeOf(contract, names, { type: 'array', items: { $ref: '#/components/schemas/pet' } }, imports)).toBe(
      'Array<Pet>',
    );
    expect([...imports]).toEqual(['Pet']);
  });
});

describe('operationGroupSources', () => {
  const names = modelNamesOf(contract, { error: 'ErrorBody' });
  const files = operationGroupSources(config, contract, names);

  it('writes one group per tag, the API class and the index', () => {
    expect([...files.keys()]).toEqual(['operations/PetsOperations.ts', 'PetAPI.ts', 'index.ts']);
    expect(files.get('index.ts')).toContain(
      "export type { ListPetsOptions, CreatePetOptions, DeletePetOptions } from './operations/PetsOperations';",
    );
    expect(files.get('PetAPI.ts')).toContain('readonly pets: PetsOperations<M>;');
  });

  it('types each method from the contract: options, required parameters and JSON bodies, result types, errors', () => {
    const group = files.get('operations/PetsOperations.ts') ?? '';
    expect(group).toContain('  list(options: ListPetsOptions = {}): Promise<OperationResult<M, Pets>> {');
    expect(group).toContain('  readonly ownerId?: Array<string>;');
    expect(group).toContain('  create(options: CreatePetOptions): Promise<OperationResult<M, void>> {');
    expect(group).toContain('  readonly body: PetWrite;');
    expect(group).toContain('  delete(options: DeletePetOptions): Promise<OperationResult<M, void>> {');
    expect(group).toContain("path: [{ name: 'petId', wire: 'petID', required: true }],");
    expect(group).toContain("errors: { 400: 'Bad Request' },");
    expect(group).toContain("@throws core-client's `APIError` for the documented error statuses 400.");
    expect(group).not.toMatch(/ApiError/);
  });

  it('refuses two operations that would get the same method name', () => {
    const clash = {
      ...(config as object),
      operations: [...(config.operations as unknown[]), ['get', '/api/v1/pets/{petID}', 'deletePets', 'Pets']],
    };
    const withClash = structuredClone(contract) as unknown as { paths: Record<string, Record<string, unknown>> };
    withClash.paths['/api/v1/pets/{petID}'].get = { operationId: 'deletePets', tags: ['Pets'], responses: {} };
    expect(() => operationGroupSources(clash as unknown as typeof config, withClash, names)).toThrow(
      /deletePet and deletePets are both delete|deletePets and deletePet are both delete/,
    );
  });
});
