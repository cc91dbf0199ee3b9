type JSONObject = { [key: string]: unknown };

function pointerLookup(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`only local references are supported: ${ref}`);
  let node = root;
  for (const token of ref.slice(2).split('/')) {
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !(key in node)) throw new Error(`unresolvable reference ${ref}`);
    node = (node as JSONObject)[key];
  }
  return node;
}

/**
 * Replaces every local `$ref` (`#/…`) of an OpenAPI document with the object it points at, sharing one copy per
 * target (so cycles stay finite). Siblings of `$ref` are ignored, as OpenAPI 3.0 prescribes.
 */
export function dereference<T>(document: T): T {
  const resolved = new Map<string, unknown>();
  const isRef = (value: unknown): value is { $ref: string } =>
    value !== null && typeof value === 'object' && typeof (value as JSONObject).$ref === 'string';

  const resolve = (ref: string, seen: readonly string[]): unknown => {
    const cached = resolved.get(ref);
    if (cached !== undefined) return cached;
    const target = pointerLookup(document, ref);
    if (isRef(target)) {
      if (seen.includes(target.$ref)) throw new Error(`reference cycle at ${ref}`);
      const value = resolve(target.$ref, [...seen, ref]);
      resolved.set(ref, value);
      return value;
    }
    if (target === null || typeof target !== 'object') return target;
    const out: unknown = Array.isArray(target) ? [] : {};
    resolved.set(ref, out);
    fill(out, target);
    return out;
  };

  const copy = (value: unknown): unknown => {
    if (isRef(value)) return resolve(value.$ref, []);
    if (value === null || typeof value !== 'object') return value;
    const out: unknown = Array.isArray(value) ? [] : {};
    fill(out, value);
    return out;
  };

  const fill = (out: unknown, source: object): void => {
    if (Array.isArray(source)) for (const item of source) (out as unknown[]).push(copy(item));
    else for (const [key, item] of Object.entries(source)) (out as JSONObject)[key] = copy(item);
  };

  return copy(document) as T;
}
