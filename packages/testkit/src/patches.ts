/**
 * PATCH bodies as the Kubernetes API server applies them: JSON merge patch (RFC 7386,
 * `application/merge-patch+json`) and JSON patch (RFC 6902, `application/json-patch+json`).
 */

/** A patch that cannot be applied; the message says why (the API server answers 422 or 400). */
export class PatchError extends Error {
  override readonly name = 'PatchError';

  /** @param status - 400 for a malformed patch document, 422 for one that does not apply to the object. */
  constructor(
    message: string,
    readonly status: 400 | 422,
  ) {
    super(message);
  }
}

type JSONValue = null | boolean | number | string | JSONValue[] | { [key: string]: JSONValue };

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** RFC 7386: objects merge recursively, `null` deletes a member, anything else (arrays included) replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

interface Operation {
  readonly op: string;
  readonly path: string;
  readonly from?: string;
  readonly value?: unknown;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new PatchError(`invalid JSON pointer ${JSON.stringify(path)}`, 400);
  return path
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(document: unknown, tokens: readonly string[], path: string): [unknown, string] {
  let node = document;
  for (const token of tokens.slice(0, -1)) {
    node = Array.isArray(node) ? node[Number(token)] : isObject(node) ? node[token] : undefined;
    if (node === undefined) throw new PatchError(`doc is missing path: ${path}`, 422);
  }
  return [node, tokens[tokens.length - 1]];
}

function arrayIndex(array: unknown[], token: string, path: string, forInsert: boolean): number {
  if (forInsert && token === '-') return array.length;
  if (!/^(0|[1-9]\d*)$/.test(token)) throw new PatchError(`invalid array index in ${path}`, 422);
  const index = Number(token);
  if (index > array.length || (!forInsert && index === array.length)) {
    throw new PatchError(`array index out of bounds in ${path}`, 422);
  }
  return index;
}

function read(document: unknown, path: string): unknown {
  let node = document;
  for (const token of pointer(path)) {
    node = Array.isArray(node) ? node[arrayIndex(node, token, path, false)] : isObject(node) ? node[token] : undefined;
    if (node === undefined) throw new PatchError(`doc is missing path: ${path}`, 422);
  }
  return node;
}

function add(document: unknown, path: string, value: unknown): unknown {
  const tokens = pointer(path);
  if (tokens.length === 0) return structuredClone(value);
  const [parent, last] = parentOf(document, tokens, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, path, true), 0, structuredClone(value));
  else if (isObject(parent)) parent[last] = structuredClone(value);
  else throw new PatchError(`doc is missing path: ${path}`, 422);
  return document;
}

function remove(document: unknown, path: string): unknown {
  const tokens = pointer(path);
  if (tokens.length === 0) throw new PatchError('cannot remove the whole document', 422);
  const [parent, last] = parentOf(document, tokens, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, path, false), 1);
  else if (isObject(parent) && Object.hasOwn(parent, last)) delete parent[last];
  else throw new PatchError(`doc is missing path: ${path}`, 422);
  return document;
}

const deepEqual = (a: unknown, b: unknown): boolean => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sorted(value[key])]),
  );
}

/** RFC 6902: applies the operations in order to a copy of `target`; any failing operation fails the whole patch. */
export function applyJSONPatch(target: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) throw new PatchError('a JSON patch must be an array of operations', 400);
  let document: unknown = structuredClone(target as JSONValue);
  for (const entry of patch as unknown[]) {
    if (!isObject(entry) || typeof entry.op !== 'string' || typeof entry.path !== 'string') {
      throw new PatchError('every JSON patch operation needs "op" and "path"', 400);
    }
    const operation = entry as unknown as Operation;
    switch (operation.op) {
      case 'add':
        document = add(document, operation.path, operation.value);
        break;
      case 'remove':
        document = remove(document, operation.path);
        break;
      case 'replace':
        read(document, operation.path);
        document = add(remove(document, operation.path), operation.path, operation.value);
        break;
      case 'move': {
        const value = read(document, operation.from ?? '');
        document = add(remove(document, operation.from ?? ''), operation.path, value);
        break;
      }
      case 'copy':
        document = add(document, operation.path, read(document, operation.from ?? ''));
        break;
      case 'test':
        if (!deepEqual(read(document, operation.path), operation.value)) {
          throw new PatchError(`testing value ${operation.path} failed`, 422);
        }
        break;
      default:
        throw new PatchError(`unexpected kind of JSON patch operation: ${JSON.stringify(operation.op)}`, 400);
    }
  }
  return document;
}
