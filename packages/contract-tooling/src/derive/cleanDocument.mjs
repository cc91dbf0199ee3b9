import { isObject } from '../tree.mjs';

/** Keys carrying the upstream spec's prose. */
export const PROSE_KEYS = new Set(['description', 'summary', 'example', 'examples', 'externalDocs']);

/**
 * Vendor extensions that change what a server or client does; every other `x-` key is dropped. A contract's
 * configuration may add to these (`keptExtensions`).
 */
export const KEPT_EXTENSIONS = [
  'x-hidden', // not in public docs
  'x-no-body', // request carries no body
  'x-no-security-requirements', // no authentication at all
  'x-no-authorization', // authenticated, but no RBAC check
  'x-kubernetes-list-type', // list semantics (e.g. "map": items unique by the keys below)
  'x-kubernetes-list-map-keys',
];

/** Keys whose value is a map from names (property names, statuses, media types, …) to nodes. */
const NAME_MAP_KEYS = new Set([
  'callbacks',
  'content',
  'encoding',
  'headers',
  'links',
  'mapping',
  'parameters',
  'paths',
  'patternProperties',
  'properties',
  'requestBodies',
  'responses',
  'schemas',
  'scopes',
  'securitySchemes',
  'variables',
]);

/** Keys whose value is data, not OpenAPI structure: copied verbatim. */
const LITERAL_KEYS = new Set(['default', 'enum', 'required', 'security']);

/**
 * Step 2: drops prose and unneeded vendor extensions, keeping names (property names, statuses, …) intact even when
 * a name is itself `description` or starts with `x-`.
 *
 * @param {unknown} node
 * @param {ReadonlySet<string>} keptExtensions
 */
export const cleanDocument = (node, keptExtensions) => {
  const clean = (value) => {
    if (Array.isArray(value)) return value.map(clean);
    if (!isObject(value)) return value;
    const out = {};
    for (const [key, child] of Object.entries(value)) {
      if (PROSE_KEYS.has(key)) continue;
      if (key.startsWith('x-') && !keptExtensions.has(key)) continue;
      if (LITERAL_KEYS.has(key)) out[key] = structuredClone(child);
      else if (NAME_MAP_KEYS.has(key) && isObject(child))
        out[key] = Object.fromEntries(Object.entries(child).map(([name, entry]) => [name, clean(entry)]));
      else out[key] = clean(child);
    }
    return out;
  };
  return clean(node);
};
