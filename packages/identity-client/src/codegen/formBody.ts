/**
 * `application/x-www-form-urlencoded` bodies as Go's `url.Values.Encode` writes them: keys sorted, each value
 * query-escaped (space → `+`), repeated keys for arrays, undefined and null fields left out.
 */

import { queryEscape } from '@unikorn-cloud/core-client';

type FormValue = string | number | boolean;

/** Go `url.Values.Encode` of a form object. */
export function encodeForm(form: Readonly<Record<string, unknown>>): string {
  const pairs: string[] = [];
  // sort.Strings compares bytes; the UTF-16 order of JavaScript's default sort agrees for ASCII keys.
  for (const key of Object.keys(form).sort()) {
    const value = form[key];
    if (value === undefined || value === null) continue;
    const values: readonly unknown[] = Array.isArray(value) ? value : [value];
    for (const item of values) {
      if (item === undefined || item === null) continue;
      pairs.push(`${queryEscape(key)}=${queryEscape(String(item as FormValue))}`);
    }
  }
  return pairs.join('&');
}
