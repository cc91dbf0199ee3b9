import { ContractToolingError } from '../errors.mjs';
import { isObject, upperFirst, visitObjects } from '../tree.mjs';

const parseComponentPointer = (ref, pointer) => {
  const match = /^\/components\/([A-Za-z]+)\/([^/]+)$/.exec(pointer);
  if (!match) throw new ContractToolingError(`unsupported $ref ${ref} (only #/components/<kind>/<name>)`);
  return { kind: match[1], name: decodeURIComponent(match[2].replace(/~1/g, '/').replace(/~0/g, '~')) };
};

/**
 * Step 1: every remote $ref becomes a local one; the referenced external components are copied in (transitively)
 * as #/components/<kind>/<name>, renamed `<source><Name>` only when the name is already taken.
 *
 * @param {object} upstream the parsed upstream spec
 * @param {string} origin the upstream document's name (the contract's `name`)
 * @param {ReadonlyArray<{ name: string, document: RegExp, components?: object, schemas?: Record<string, object> }>}
 *   externals the documents remote $refs may point at: `components` is the parsed document's `components`
 *   (read from a file), `schemas` an inline table (only `#/components/schemas/<name>` may be referenced)
 */
export const localiseReferences = (upstream, origin, externals) => {
  const doc = structuredClone(upstream);
  doc.components ??= {};
  const taken = (kind, name) => doc.components[kind]?.[name] !== undefined;
  const imported = new Map(); // `${source}:${kind}/${name}` → local name
  const pending = [];

  const importComponent = (source, kind, name, definition) => {
    const key = `${source}:${kind}/${name}`;
    const known = imported.get(key);
    if (known) return known;
    if (definition === undefined) throw new ContractToolingError(`${source} has no #/components/${kind}/${name}`);
    const local = taken(kind, name) ? `${source}${upperFirst(name)}` : name;
    if (taken(kind, local)) throw new ContractToolingError(`cannot import ${key}: ${local} is taken too`);
    imported.set(key, local);
    doc.components[kind] ??= {};
    doc.components[kind][local] = null; // reserve the name; filled in below
    pending.push({ source, kind, local, definition: structuredClone(definition) });
    return local;
  };

  const external = (name) => externals.find((candidate) => candidate.name === name);
  const rewrite = (tree, source) =>
    visitObjects(tree, (node) => {
      if (typeof node.$ref !== 'string') return;
      const hash = node.$ref.indexOf('#');
      const document = hash < 0 ? node.$ref : node.$ref.slice(0, hash);
      const pointer = hash < 0 ? '' : node.$ref.slice(hash + 1);
      const target = document === '' ? source : externals.find((candidate) => candidate.document.test(document))?.name;
      if (target === undefined)
        throw new ContractToolingError(
          `unknown remote $ref ${node.$ref}; add its document to the contract configuration's references`,
        );
      if (target === origin) return;
      const { kind, name } = parseComponentPointer(node.$ref, pointer);
      const { components, schemas } = external(target);
      if (schemas && kind !== 'schemas') throw new ContractToolingError(`unknown ${node.$ref}`);
      const definition = schemas ? schemas[name] : components?.[kind]?.[name];
      node.$ref = `#/components/${kind}/${importComponent(target, kind, name, definition)}`;
    });

  rewrite(doc.paths, origin);
  rewrite(doc.components, origin);
  while (pending.length > 0) {
    const { source, kind, local, definition } = pending.shift();
    rewrite(definition, source);
    doc.components[kind][local] = definition;
  }

  visitObjects(doc, (node) => {
    if (typeof node.$ref !== 'string') return;
    const { kind, name } = parseComponentPointer(node.$ref, node.$ref.replace(/^#/, ''));
    if (!isObject(doc.components[kind]?.[name])) throw new ContractToolingError(`dangling $ref ${node.$ref}`);
  });
  return doc;
};
