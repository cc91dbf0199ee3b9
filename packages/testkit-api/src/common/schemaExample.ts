/**
 * A small example generator for a contract's JSON schemas (OpenAPI 3.0 subset): the minimal value a
 * validating server accepts — required properties only, the first enum value, the minimum of numbers, known
 * formats and patterns filled with valid strings. Throws (naming the schema location) for anything it cannot
 * satisfy, so a contract change that needs a hand-written body is noticed.
 */

/** A JSON schema node (or `$ref`). */
export type Schema = Readonly<Record<string, unknown>>;

/** Resolves a local `$ref` (`#/components/...`) in `document`. */
export function resolveRef(document: Schema, node: Schema): Schema {
  let current = node;
  for (let depth = 0; typeof current.$ref === 'string'; depth += 1) {
    if (depth > 32) throw new Error(`$ref cycle at ${String(node.$ref)}`);
    const ref = current.$ref as string;
    if (!ref.startsWith('#/')) throw new Error(`non-local $ref ${ref}`);
    current = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((parent, key) => (parent as Record<string, unknown>)[key], document) as Schema;
    if (current === undefined) throw new Error(`dangling $ref ${ref}`);
  }
  return current;
}

const FORMAT_EXAMPLES: Readonly<Record<string, string>> = {
  uuid: '3f1e2d4c-5b6a-4798-8a1b-2c3d4e5f6a7b',
  'date-time': '2025-01-01T00:00:00Z',
  date: '2025-01-01',
  ipv4: '192.0.2.10',
  uri: 'https://example.com/',
  byte: 'AAAA',
  email: 'alice@example.com',
};

/** Strings tried, in order, against a `pattern` (the first that matches is used). */
const PATTERN_CANDIDATES = ['example', 'v1.2.3', '192.168.0.0/24', '03:00Z', 'export/path', 'name=value', 'a'];

function merge(document: Schema, schema: Schema): Schema {
  const resolved = resolveRef(document, schema);
  if (!Array.isArray(resolved.allOf)) return resolved;
  const { allOf, ...rest } = resolved;
  const parts = [...(allOf as Schema[]).map((part) => merge(document, part)), rest];
  const merged: Record<string, unknown> = {};
  const properties: Record<string, unknown> = {};
  const required = new Set<string>();
  for (const part of parts) {
    Object.assign(merged, part);
    Object.assign(properties, part.properties ?? {});
    for (const name of (part.required as string[] | undefined) ?? []) required.add(name);
  }
  if (Object.keys(properties).length > 0) merged.properties = properties;
  if (required.size > 0) merged.required = [...required];
  return merged;
}

function stringExample(schema: Schema, at: string): string {
  const format = schema.format as string | undefined;
  let value = format !== undefined && format in FORMAT_EXAMPLES ? FORMAT_EXAMPLES[format] : undefined;
  if (schema.pattern !== undefined) {
    const pattern = new RegExp(schema.pattern as string, 'u');
    value = value !== undefined && pattern.test(value) ? value : PATTERN_CANDIDATES.find((text) => pattern.test(text));
    if (value === undefined) throw new Error(`no example matches pattern ${String(schema.pattern)} at ${at}`);
  }
  value ??= 'example';
  const minLength = (schema.minLength as number | undefined) ?? 0;
  const maxLength = (schema.maxLength as number | undefined) ?? Number.POSITIVE_INFINITY;
  if (value.length < minLength) value = value.padEnd(minLength, 'x');
  if (value.length > maxLength) throw new Error(`example "${value}" longer than maxLength at ${at}`);
  return value;
}

function numberExample(schema: Schema): number {
  const minimum = schema.minimum as number | undefined;
  const maximum = schema.maximum as number | undefined;
  let value = minimum ?? Math.min(1, maximum ?? 1);
  if (schema.exclusiveMinimum === true) value += 1;
  return value;
}

/**
 * The minimal valid example of `schema`.
 *
 * @param at - location for error messages, e.g. `createNetwork body`.
 * @param arrayItems - minimum number of items of arrays (default: the schema's `minItems`, else 0).
 */
export function schemaExample(document: Schema, schema: Schema, at: string, arrayItems = 0): unknown {
  const node = merge(document, schema);
  if (Array.isArray(node.enum)) return node.enum[0];
  for (const keyword of ['oneOf', 'anyOf']) {
    const choices = node[keyword];
    if (Array.isArray(choices)) return schemaExample(document, choices[0] as Schema, `${at}/${keyword}[0]`, arrayItems);
  }
  const type = (node.type as string | undefined) ?? (node.properties === undefined ? undefined : 'object');
  switch (type) {
    case 'object': {
      const properties = (node.properties ?? {}) as Record<string, Schema>;
      const result: Record<string, unknown> = {};
      for (const name of (node.required as string[] | undefined) ?? []) {
        const property = properties[name];
        if (property === undefined) throw new Error(`required property ${name} has no schema at ${at}`);
        result[name] = schemaExample(document, property, `${at}.${name}`);
      }
      return result;
    }
    case 'array': {
      const count = Math.max((node.minItems as number | undefined) ?? 0, arrayItems);
      return Array.from({ length: count }, (_, index) =>
        schemaExample(document, node.items as Schema, `${at}[${index}]`),
      );
    }
    case 'string':
      return stringExample(node, at);
    case 'integer':
    case 'number':
      return numberExample(node);
    case 'boolean':
      return false;
    default:
      throw new Error(`cannot build an example for schema without a type at ${at}`);
  }
}
