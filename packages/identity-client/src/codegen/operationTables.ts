/**
 * The generated tables' entries of one operation (`METHOD /path/{template}`), looked up by method and path template.
 * The generated code passes both as string constants, so a nested `Map` finds them without building and hashing the
 * combined key on every response; entries the tables do not have are looked up directly (and not kept), so a
 * caller's arbitrary keys cannot grow the cache.
 */

import type { OperationResponseTypes } from './responseDecoding';

/** What the tables say about one operation. */
export interface OperationEntry {
  /** `METHOD /path/{template}`. */
  readonly key: string;
  /** Its documented success statuses (undefined: any 2xx). */
  readonly successStatuses: readonly number[] | undefined;
  /** Its declared success body types (undefined: bodies are not checked). */
  readonly responseType: OperationResponseTypes[string] | undefined;
}

/** The tables an entry comes from (a generated client's `operationSuccessStatuses` and `operationResponseTypes`). */
export interface OperationTableSet {
  readonly successStatuses: Readonly<Record<string, readonly number[]>>;
  readonly responseTypes: OperationResponseTypes;
}

const entries = new WeakMap<OperationTableSet, Map<string, Map<string, OperationEntry>>>();

function lookUp(tables: OperationTableSet, key: string): OperationEntry {
  return {
    key,
    successStatuses: Object.hasOwn(tables.successStatuses, key) ? tables.successStatuses[key] : undefined,
    responseType: Object.hasOwn(tables.responseTypes, key) ? tables.responseTypes[key] : undefined,
  };
}

/** The entry of `method` `url` in `tables` (the generated tables are constant: an entry found is kept). */
export function operationEntry(tables: OperationTableSet, method: string, url: string): OperationEntry {
  let byMethod = entries.get(tables);
  if (byMethod === undefined) {
    byMethod = new Map();
    entries.set(tables, byMethod);
  }
  const known = byMethod.get(method)?.get(url);
  if (known !== undefined) return known;
  const entry = lookUp(tables, `${method} ${url}`);
  if (entry.successStatuses === undefined && entry.responseType === undefined) return entry;
  let byUrl = byMethod.get(method);
  if (byUrl === undefined) {
    byUrl = new Map();
    byMethod.set(method, byUrl);
  }
  byUrl.set(url, entry);
  return entry;
}
