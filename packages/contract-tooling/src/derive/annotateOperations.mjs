import { ContractToolingError } from '../errors.mjs';
import { forEachOperation, upperFirst, words } from '../tree.mjs';

/** "listImagesV1" → "List images (v1)."; "getVersion" → "Get version.". */
export const summaryOf = (operationId) => {
  const version = /V(\d+)$/.exec(operationId);
  const base = version ? operationId.slice(0, version.index) : operationId;
  return `${upperFirst(words(base))}${version ? ` (v${version[1]})` : ''}.`;
};

/**
 * Step 3: our operationIds, one tag each (one generated service class per tag) and a summary of a few words derived
 * from the operationId. Fails when the upstream spec gains or loses an operation relative to the table.
 *
 * @param {object} doc
 * @param {{ tags: readonly string[], operations: ReadonlyArray<readonly [string, string, string, string]> }} naming
 */
export const annotateOperations = (doc, { tags, operations }) => {
  const table = new Map(operations.map(([method, p, operationId, tag]) => [`${method} ${p}`, { operationId, tag }]));
  forEachOperation(doc, (method, p, operation) => {
    const entry = table.get(`${method} ${p}`);
    if (!entry)
      throw new ContractToolingError(
        `no operationId for ${method.toUpperCase()} ${p}; add it to the configuration's operations`,
      );
    table.delete(`${method} ${p}`);
    operation.operationId = entry.operationId;
    operation.tags = [entry.tag];
    operation.summary = summaryOf(entry.operationId);
  });
  if (table.size > 0)
    throw new ContractToolingError(`not in the upstream spec any more: ${[...table.keys()].join(', ')}`);
  doc.tags = tags.map((name) => ({ name }));
};
