import { forEachOperation } from '../tree.mjs';

/**
 * The source of `operationStatuses.ts`: the documented success statuses of every operation, keyed
 * `METHOD /path/{template}` exactly as the generated services pass `method` and `url`. A request class accepts
 * only these (Go clients check the exact status).
 */
export const operationStatusesSource = (contract) => {
  const lines = [];
  forEachOperation(contract, (method, url, operation) => {
    const statuses = Object.keys(operation.responses ?? {})
      .filter((status) => /^2\d\d$/.test(status))
      .map(Number)
      .sort((a, b) => a - b);
    lines.push(`  '${method.toUpperCase()} ${url}': [${statuses.join(', ')}],`);
  });
  return [
    '/** Documented success statuses per operation, keyed `METHOD /path/{template}`. */',
    'export const operationSuccessStatuses: Readonly<Record<string, readonly number[]>> = {',
    ...lines.sort(),
    '};',
    '',
  ].join('\n');
};
