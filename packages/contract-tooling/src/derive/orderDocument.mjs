import { HTTP_METHODS } from '../tree.mjs';

const ordered = (object, first) => {
  const rest = Object.keys(object).filter((key) => !first.includes(key));
  return Object.fromEntries([...first.filter((key) => key in object), ...rest].map((key) => [key, object[key]]));
};

const sortedKeys = (object) =>
  Object.fromEntries(
    Object.keys(object)
      .sort()
      .map((key) => [key, object[key]]),
  );

/** Step 7: deterministic key order (paths, component names and statuses sorted; operation keys canonical). */
export const orderDocument = (doc) => {
  const operationKeys = ['operationId', 'tags', 'summary', 'deprecated'];
  const tailKeys = ['security', 'parameters', 'requestBody', 'responses'];
  const paths = {};
  for (const [p, item] of Object.entries(sortedKeys(doc.paths))) {
    const orderedItem = ordered(item, ['parameters', ...HTTP_METHODS]);
    for (const method of HTTP_METHODS) {
      const operation = orderedItem[method];
      if (!operation) continue;
      const extensions = Object.keys(operation)
        .filter((key) => key.startsWith('x-'))
        .sort();
      const other = Object.keys(operation).filter(
        (key) => !key.startsWith('x-') && !operationKeys.includes(key) && !tailKeys.includes(key),
      );
      orderedItem[method] = ordered(operation, [...operationKeys, ...extensions, ...other, ...tailKeys]);
      orderedItem[method].responses = sortedKeys(orderedItem[method].responses);
    }
    paths[p] = orderedItem;
  }
  const components = {};
  for (const kind of Object.keys(doc.components).sort()) components[kind] = sortedKeys(doc.components[kind]);
  return ordered({ ...doc, paths, components }, ['openapi', 'info', 'tags', 'paths', 'components']);
};
