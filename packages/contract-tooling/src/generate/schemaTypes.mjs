import { ContractToolingError } from '../errors.mjs';
import { isObject, resolveRef, upperFirst } from '../tree.mjs';

/** Names a generated model may not take: they would shadow JavaScript globals in every file that imports them. */
const RESERVED_MODEL_NAMES = new Set([
  'Array',
  'Boolean',
  'Date',
  'Error',
  'Function',
  'Map',
  'Number',
  'Object',
  'Promise',
  'Record',
  'RegExp',
  'Set',
  'String',
  'Symbol',
]);

/**
 * The PascalCase model name of every `components.schemas` entry: `networkV2Read` → `NetworkV2Read`, with the
 * configuration's `modelNames` overrides first. Fails on a name two schemas would share or on a reserved name.
 *
 * @returns {Map<string, string>} schema key → model name
 */
export const modelNamesOf = (contract, overrides = {}) => {
  const names = new Map();
  const taken = new Map();
  for (const key of Object.keys(contract.components?.schemas ?? {})) {
    const name = overrides[key] ?? upperFirst(key.replace(/[^\w$]+/g, '_'));
    if (RESERVED_MODEL_NAMES.has(name))
      throw new ContractToolingError(`schema ${key}: model name ${name} shadows a global; add it to modelNames`);
    if (taken.has(name))
      throw new ContractToolingError(`schemas ${taken.get(name)} and ${key} would both be named ${name}`);
    taken.set(name, key);
    names.set(key, name);
  }
  return names;
};

const SCHEMA_REF = /^#\/components\/schemas\/(.+)$/;

/**
 * A copy of the contract for openapi-typescript-codegen's model generation: schemas renamed to their model names
 * (every `$ref` to them rewritten), and nothing else (no paths, parameters, bodies or responses), so only the
 * schema models are written.
 */
export const modelContract = (contract, names) => {
  const rename = (node) => {
    if (Array.isArray(node)) return node.map(rename);
    if (!isObject(node)) return node;
    const copy = {};
    for (const [key, value] of Object.entries(node)) {
      const match = key === '$ref' && typeof value === 'string' ? SCHEMA_REF.exec(value) : null;
      copy[key] = match ? `#/components/schemas/${names.get(match[1]) ?? match[1]}` : rename(value);
    }
    return copy;
  };
  const schemas = {};
  for (const [key, schema] of Object.entries(contract.components?.schemas ?? {}))
    schemas[names.get(key)] = rename(schema);
  return { openapi: contract.openapi, info: contract.info, paths: {}, components: { schemas } };
};

const literal = (value) =>
  typeof value === 'string' ? `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : String(value);

const propertyKey = (name) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : literal(name));

/**
 * The TypeScript type of a schema as used in operation signatures: a `$ref` is its model name (added to `imports`),
 * inline schemas become inline types; anything the generator does not model is `unknown`.
 *
 * @param {object} contract
 * @param {Map<string, string>} names schema key → model name
 * @param {object | undefined} schema
 * @param {Set<string>} imports model names the type uses (filled in)
 * @returns {string}
 */
export const typeOf = (contract, names, schema, imports) => {
  if (!isObject(schema)) return 'unknown';
  if (typeof schema.$ref === 'string') {
    const match = SCHEMA_REF.exec(schema.$ref);
    if (match && names.has(match[1])) {
      const name = names.get(match[1]);
      imports.add(name);
      return name;
    }
    return typeOf(contract, names, resolveRef(contract, schema), imports);
  }
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum.map(literal).join(' | ');
  if (Array.isArray(schema.allOf) && schema.allOf.length === 1)
    return typeOf(contract, names, schema.allOf[0], imports);
  for (const key of ['oneOf', 'anyOf']) {
    if (Array.isArray(schema[key]) && schema[key].length > 0)
      return `(${schema[key].map((part) => typeOf(contract, names, part, imports)).join(' | ')})`;
  }
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array':
      return `Array<${typeOf(contract, names, schema.items, imports)}>`;
    default:
      break;
  }
  if (isObject(schema.properties)) {
    const required = new Set(schema.required ?? []);
    const fields = Object.entries(schema.properties).map(
      ([name, value]) =>
        `${propertyKey(name)}${required.has(name) ? '' : '?'}: ${typeOf(contract, names, value, imports)}`,
    );
    return `{ ${fields.join('; ')} }`;
  }
  if (isObject(schema.additionalProperties))
    return `Record<string, ${typeOf(contract, names, schema.additionalProperties, imports)}>`;
  if (schema.type === 'object') return 'Record<string, unknown>';
  return 'unknown';
};
