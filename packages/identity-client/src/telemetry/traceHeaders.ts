/**
 * Puts an attempt's trace headers into a copy of the request headers: a header the caller's chain already set
 * (`traceparent` of the caller's span) is replaced in place, so there is exactly one of each on the wire.
 */

import type { Dispatcher } from '@unikorn-cloud/core-client';

type Headers = Dispatcher.DispatchOptions['headers'];

function isRecord(headers: Headers): headers is Record<string, string | string[] | undefined> {
  return typeof headers === 'object' && headers !== null && !Array.isArray(headers) && !(Symbol.iterator in headers);
}

/** Flat `[name, value, …]` pairs of any undici header form. */
function pairsOf(headers: Headers): string[] {
  if (Array.isArray(headers)) return [...headers] as string[];
  const pairs: string[] = [];
  for (const entry of headers as Iterable<readonly [string, string | string[] | undefined]>) {
    const [name, value] = entry;
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) pairs.push(name, item);
  }
  return pairs;
}

/** `headers` with every header of `injected` (lower-case names) set to exactly that value. */
export function withTraceHeaders(headers: Headers, injected: Readonly<Record<string, string>>): Headers {
  const names = Object.keys(injected);
  if (names.length === 0) return headers;
  if (headers === undefined || headers === null) return { ...injected };
  const pending = new Set(names);
  if (isRecord(headers)) {
    const copy: Record<string, string | string[] | undefined> = {};
    for (const [name, value] of Object.entries(headers)) {
      const lower = name.toLowerCase();
      if (lower in injected) {
        if (pending.delete(lower)) copy[name] = injected[lower];
      } else {
        copy[name] = value;
      }
    }
    for (const name of pending) copy[name] = injected[name];
    return copy;
  }
  const pairs = pairsOf(headers);
  const copy: string[] = [];
  for (let index = 0; index + 1 < pairs.length; index += 2) {
    const lower = pairs[index].toLowerCase();
    if (lower in injected) {
      if (pending.delete(lower)) copy.push(pairs[index], injected[lower]);
    } else {
      copy.push(pairs[index], pairs[index + 1]);
    }
  }
  for (const name of pending) copy.push(name, injected[name]);
  return copy;
}
