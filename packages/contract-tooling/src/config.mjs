import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { KEPT_EXTENSIONS } from './derive/cleanDocument.mjs';
import { ContractToolingError } from './errors.mjs';
import { HTTP_METHODS, isObject } from './tree.mjs';

/**
 * @typedef {object} FileReference A document the upstream spec `$ref`s by URL, read from a file given to `derive`.
 * @property {string} name short name: the derive option (`--<name> <file>`) and the rename prefix on a clash
 * @property {RegExp} document matches the `$ref` URLs (without `#…`) that point at this document
 * @property {string} title what it is, for the contract header and messages ("core's common.spec.yaml v1.17.1")
 * @property {string} file the upstream file name, for usage texts ("common.spec.yaml")
 *
 * @typedef {object} InlineReference A document the upstream spec `$ref`s by URL, replaced by a table of schemas.
 * @property {string} name short name: the rename prefix on a clash
 * @property {RegExp} document matches the `$ref` URLs (without `#…`) that point at this document
 * @property {Record<string, object>} schemas `#/components/schemas/<name>` → schema
 *
 * @typedef {object} ContractDefinition What a package states about its contract (see README.md).
 * @property {string} packageDir absolute path of the package that owns the contract
 * @property {string} name the upstream document's short name ("region")
 * @property {string} contract the committed contract, relative to packageDir ("contract/region.v2.yaml")
 * @property {string} generated the generated client's directory, relative to packageDir ("src/generated")
 * @property {string} clientName the generated client class ("RegionAPI")
 * @property {{ generate: string, derive: string }} scripts the package's entry scripts, relative to packageDir
 * @property {{ title: string, file: string }} upstream the upstream spec ("region API spec", "region.spec.yaml")
 * @property {ReadonlyArray<FileReference | InlineReference>} [references] documents remote `$ref`s point at
 * @property {Record<string, Record<string, string>>} [renames] component renames per kind: { schemas: { from: to } }
 * @property {readonly string[]} [keptExtensions] vendor extensions kept besides the default ones
 * @property {readonly string[]} tags one generated service class per tag, in this order
 * @property {ReadonlyArray<readonly [string, string, string, string]>} operations every upstream operation:
 *   [method, path, operationId, tag]
 * @property {Record<string, unknown>} [codegen] openapi-typescript-codegen options overriding the defaults
 * @property {{ runtime: string }} [operationGroups] generate our options-object operation groups on this runtime
 *   module (e.g. `@unikorn-cloud/identity-client`, which exports `OperationClient`) and PascalCase models, instead of
 *   openapi-typescript-codegen's services and request core
 * @property {Record<string, string>} [modelNames] with operationGroups: schema key → model name overrides
 *
 * @typedef {Required<ContractDefinition> & { packageName: string, packagePath: string, keptExtensions: string[] }}
 *   ContractConfig
 */

const RESERVED_OPTIONS = new Set(['spec', 'out', 'help', 'check']);

const fail = (message) => {
  throw new ContractToolingError(`contract configuration: ${message}`);
};
const requireString = (value, what) => {
  if (typeof value !== 'string' || value === '') fail(`${what} must be a non-empty string`);
};
const requireRelative = (value, what) => {
  requireString(value, what);
  if (path.isAbsolute(value) || value.split(/[\\/]/).includes('..'))
    fail(`${what} must be a path inside the package, got ${value}`);
};

/** The folder holding pnpm-workspace.yaml above `dir` (the repository root). */
const workspaceRoot = (dir) => {
  for (let current = dir; ; current = path.dirname(current)) {
    if (existsSync(path.join(current, 'pnpm-workspace.yaml'))) return current;
    if (path.dirname(current) === current) fail(`no pnpm-workspace.yaml above ${dir}`);
  }
};

const checkReference = (reference, index) => {
  const what = `references[${index}]`;
  if (!isObject(reference)) fail(`${what} must be an object`);
  requireString(reference.name, `${what}.name`);
  if (!/^[a-z][a-z0-9-]*$/.test(reference.name) || RESERVED_OPTIONS.has(reference.name))
    fail(`${what}.name must be a lower-case option name other than ${[...RESERVED_OPTIONS].join(', ')}`);
  if (!(reference.document instanceof RegExp)) fail(`${what}.document must be a RegExp matching the $ref URL`);
  if (reference.schemas !== undefined) {
    if (!isObject(reference.schemas)) fail(`${what}.schemas must map schema names to schemas`);
  } else {
    requireString(reference.title, `${what}.title`);
    requireString(reference.file, `${what}.file`);
  }
};

const checkOperations = (tags, operations) => {
  if (!Array.isArray(tags) || tags.length === 0) fail('tags must be a non-empty array');
  if (new Set(tags).size !== tags.length) fail('tags must be unique');
  if (!Array.isArray(operations) || operations.length === 0) fail('operations must be a non-empty array');
  const ids = new Set();
  const routes = new Set();
  for (const entry of operations) {
    if (!Array.isArray(entry) || entry.length !== 4 || entry.some((part) => typeof part !== 'string'))
      fail(`each operation must be [method, path, operationId, tag], got ${JSON.stringify(entry)}`);
    const [method, p, operationId, tag] = entry;
    if (!HTTP_METHODS.includes(method)) fail(`${operationId}: unknown method ${method} (lower case, e.g. get)`);
    if (!p.startsWith('/')) fail(`${operationId}: path must start with /, got ${p}`);
    if (!/^[a-z][A-Za-z0-9]*$/.test(operationId)) fail(`operationId ${operationId} must be lowerCamelCase`);
    if (ids.has(operationId)) fail(`duplicate operationId ${operationId}`);
    if (routes.has(`${method} ${p}`)) fail(`${method.toUpperCase()} ${p} is listed twice`);
    if (!tags.includes(tag)) fail(`${operationId}: unknown tag ${tag}`);
    ids.add(operationId);
    routes.add(`${method} ${p}`);
  }
};

/**
 * Validates a package's contract definition and fills in what follows from it (the package's name and its path
 * from the repository root). Throws a {@link ContractToolingError} naming the first problem.
 *
 * @param {ContractDefinition} definition
 * @returns {ContractConfig}
 */
export const defineContract = (definition) => {
  if (!isObject(definition)) fail('must be an object');
  const { packageDir } = definition;
  requireString(packageDir, 'packageDir');
  if (!path.isAbsolute(packageDir)) fail('packageDir must be absolute (fileURLToPath(new URL(..., import.meta.url)))');
  requireString(definition.name, 'name');
  requireRelative(definition.contract, 'contract');
  requireRelative(definition.generated, 'generated');
  requireString(definition.clientName, 'clientName');
  if (!isObject(definition.scripts)) fail('scripts must be { generate, derive }');
  requireRelative(definition.scripts.generate, 'scripts.generate');
  requireRelative(definition.scripts.derive, 'scripts.derive');
  if (!isObject(definition.upstream)) fail('upstream must be { title, file }');
  requireString(definition.upstream.title, 'upstream.title');
  requireString(definition.upstream.file, 'upstream.file');
  const references = definition.references ?? [];
  if (!Array.isArray(references)) fail('references must be an array');
  references.forEach(checkReference);
  if (new Set(references.map((reference) => reference.name)).size !== references.length)
    fail('reference names must be unique');
  checkOperations(definition.tags, definition.operations);
  if (definition.operationGroups !== undefined) {
    if (!isObject(definition.operationGroups)) fail('operationGroups must be { runtime }');
    requireString(definition.operationGroups.runtime, 'operationGroups.runtime');
    if (!/^[A-Za-z]\w*$/.test(definition.clientName)) fail('clientName must be an identifier');
  }
  if (definition.modelNames !== undefined && !isObject(definition.modelNames))
    fail('modelNames must map schema keys to model names');
  const manifest = path.join(packageDir, 'package.json');
  if (!existsSync(manifest)) fail(`no package.json in ${packageDir}`);
  const packageName = JSON.parse(readFileSync(manifest, 'utf8')).name;
  return Object.freeze({
    renames: {},
    codegen: {},
    operationGroups: undefined,
    modelNames: {},
    ...definition,
    references,
    keptExtensions: [...KEPT_EXTENSIONS, ...(definition.keptExtensions ?? [])],
    packageName,
    packagePath: path.relative(workspaceRoot(packageDir), packageDir).split(path.sep).join('/'),
  });
};
