// Small helpers for walking parsed OpenAPI documents.

/** True for a plain object node (not null, not an array). */
export const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/** "listImages" → "ListImages". */
export const upperFirst = (s) => s.charAt(0).toUpperCase() + s.slice(1);

/** "sshCertificateAuthorityID" → "ssh certificate authority id". */
export const words = (identifier) =>
  identifier
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();

/** Calls fn(node) on every object in the tree, depth first. */
export const visitObjects = (node, fn) => {
  if (Array.isArray(node)) {
    for (const item of node) visitObjects(item, fn);
  } else if (isObject(node)) {
    fn(node);
    for (const value of Object.values(node)) visitObjects(value, fn);
  }
};

/** The HTTP methods an OpenAPI 3.0 path item can hold, in the specification's order. */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Calls fn(method, path, operation, pathItem) for every operation of the document. */
export const forEachOperation = (doc, fn) => {
  for (const [p, item] of Object.entries(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      if (isObject(item[method])) fn(method, p, item[method], item);
    }
  }
};

/** Follows local `$ref`s (`#/components/...`) to the object they name (bounded, so a ref cycle cannot hang). */
export const resolveRef = (contract, value) => {
  let current = value;
  for (let depth = 0; current?.$ref && depth < 32; depth++) {
    current = current.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce((node, key) => node?.[key], contract);
  }
  return current;
};
