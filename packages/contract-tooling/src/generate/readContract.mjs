import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ContractToolingError } from '../errors.mjs';
import { forEachOperation, isObject } from '../tree.mjs';

/** Reads and parses the committed contract; a missing or unparsable file is a one-line error. */
export const readContract = (config) => {
  const file = path.join(config.packageDir, config.contract);
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error.code === 'ENOENT')
      throw new ContractToolingError(
        `${config.packagePath}/${config.contract} does not exist; derive it first: ` +
          `pnpm --filter ${config.packageName} contract:derive ...`,
      );
    throw error;
  }
  let doc;
  try {
    doc = parse(text);
  } catch (error) {
    throw new ContractToolingError(`${config.contract} is not valid YAML: ${error.message.split('\n')[0]}`);
  }
  if (!isObject(doc) || !isObject(doc.paths)) throw new ContractToolingError(`${config.contract} has no paths`);
  return doc;
};

/**
 * Problems where the committed contract no longer matches its configuration's operation table (an edited table
 * that was not re-derived, or a hand-edited contract): one line each, [] when they agree.
 */
export const contractConfigProblems = (config, contract) => {
  const table = new Map(
    config.operations.map(([method, p, operationId, tag]) => [`${method} ${p}`, { operationId, tag }]),
  );
  const problems = [];
  forEachOperation(contract, (method, p, operation) => {
    const route = `${method.toUpperCase()} ${p}`;
    const entry = table.get(`${method} ${p}`);
    table.delete(`${method} ${p}`);
    if (!entry) problems.push(`${route}: in the contract, not in the configuration's operations`);
    else if (operation.operationId !== entry.operationId || operation.tags?.[0] !== entry.tag)
      problems.push(
        `${route}: the contract says ${operation.operationId} (${operation.tags?.[0]}), ` +
          `the configuration ${entry.operationId} (${entry.tag})`,
      );
  });
  for (const key of table.keys()) problems.push(`${key}: in the configuration's operations, not in the contract`);
  return problems;
};
