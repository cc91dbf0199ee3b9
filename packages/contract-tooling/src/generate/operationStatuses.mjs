import { forEachOperation, resolveRef } from '../tree.mjs';

/**
 * The top-level JSON type a response declares (`array`, `object`, `string`, `number`, `integer`, `boolean`), or
 * undefined when it has no JSON body or the schema does not pin one type (e.g. `oneOf`).
 */
const declaredTopLevelType = (contract, response) => {
  const resolved = resolveRef(contract, response);
  const media = Object.entries(resolved?.content ?? {}).find(([type]) => /json/i.test(type))?.[1];
  if (!media?.schema) return undefined;
  let schema = resolveRef(contract, media.schema);
  while (schema?.allOf?.length === 1) schema = resolveRef(contract, schema.allOf[0]);
  if (typeof schema?.type === 'string') return schema.type;
  if (schema?.properties || schema?.additionalProperties) return 'object';
  return undefined;
};

/**
 * The source of `operationStatuses.ts`, keyed `METHOD /path/{template}` exactly as the generated services pass
 * `method` and `url`:
 * - `operationSuccessStatuses`: the documented success statuses of every operation. A request class accepts only
 *   these (Go clients check the exact status).
 * - `operationResponseTypes`: the operationId and the declared top-level JSON type of each documented success body.
 *   A request class decodes such a body as that type, and fails otherwise (Go's generated clients fail to decode
 *   anything else).
 */
export const operationStatusesSource = (contract) => {
  const lines = [];
  const typeLines = [];
  forEachOperation(contract, (method, url, operation) => {
    const statuses = Object.keys(operation.responses ?? {})
      .filter((status) => /^2\d\d$/.test(status))
      .map(Number)
      .sort((a, b) => a - b);
    const key = `${method.toUpperCase()} ${url}`;
    lines.push(`  '${key}': [${statuses.join(', ')}],`);
    const types = statuses
      .map((status) => [status, declaredTopLevelType(contract, operation.responses[String(status)])])
      .filter(([, type]) => type !== undefined)
      .map(([status, type]) => `${status}: '${type}'`);
    const typeMap = types.length === 0 ? '{}' : `{ ${types.join(', ')} }`;
    typeLines.push(`  '${key}': { operationId: '${operation.operationId ?? ''}', types: ${typeMap} },`);
  });
  return [
    '/** Documented success statuses per operation, keyed `METHOD /path/{template}`. */',
    'export const operationSuccessStatuses: Readonly<Record<string, readonly number[]>> = {',
    ...lines.sort(),
    '};',
    '',
    '/** The JSON top-level type a documented success body is declared as. */',
    "export type DeclaredJSONType = 'array' | 'object' | 'string' | 'number' | 'integer' | 'boolean';",
    '',
    '/** Per operation: its operationId and the declared top-level type of each documented success body. */',
    'export const operationResponseTypes: Readonly<',
    '  Record<string, { readonly operationId: string; readonly types: Readonly<Record<number, DeclaredJSONType>> }>',
    '> = {',
    ...typeLines.sort(),
    '};',
    '',
  ].join('\n');
};
