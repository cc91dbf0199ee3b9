import { ContractToolingError } from '../errors.mjs';
import { visitObjects } from '../tree.mjs';

/**
 * Step 1b: renames components per `renames` ({ kind: { from: to } }) and refuses component names that still differ
 * only in case (the generated model files would collide on case-insensitive file systems).
 */
export const renameComponents = (doc, renames) => {
  const renamed = new Map();
  for (const [kind, table] of Object.entries(renames)) {
    for (const [from, to] of Object.entries(table)) {
      const components = doc.components[kind] ?? {};
      if (!(from in components)) throw new ContractToolingError(`renames: no #/components/${kind}/${from}`);
      if (to in components) throw new ContractToolingError(`renames: #/components/${kind}/${to} exists`);
      components[to] = components[from];
      delete components[from];
      renamed.set(`#/components/${kind}/${from}`, `#/components/${kind}/${to}`);
    }
  }
  visitObjects(doc, (node) => {
    if (typeof node.$ref === 'string' && renamed.has(node.$ref)) node.$ref = renamed.get(node.$ref);
  });
  for (const [kind, components] of Object.entries(doc.components)) {
    const seen = new Map();
    for (const name of Object.keys(components)) {
      const other = seen.get(name.toLowerCase());
      if (other)
        throw new ContractToolingError(`#/components/${kind}/${other} and ${name} differ only in case; add a rename`);
      seen.set(name.toLowerCase(), name);
    }
  }
};
