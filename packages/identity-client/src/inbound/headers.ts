/**
 * Framework-agnostic access to inbound request headers.
 */

/**
 * Inbound headers: a node `IncomingHttpHeaders` / `headersDistinct` object, any plain record (names matched
 * case-insensitively), or a fetch `Headers`.
 */
export type HeaderSource = Headers | Readonly<Record<string, string | readonly string[] | number | undefined>>;

/**
 * Headers with lower-case names and every value as a list (in received order). The record has no prototype, so
 * names such as `__proto__` or `constructor` are ordinary headers.
 */
export type NormalizedHeaders = Readonly<Record<string, string[]>>;

const normalizedMarker = Symbol('normalized inbound headers');

/** Lower-cases names and turns every value into a list, so lookups behave like Go's `http.Header`. Linear. */
export function normalizeHeaders(source: HeaderSource): NormalizedHeaders {
  if ((source as { [normalizedMarker]?: true })[normalizedMarker] === true) {
    return source as NormalizedHeaders;
  }
  const normalized: Record<string, string[]> = Object.create(null);
  Object.defineProperty(normalized, normalizedMarker, { value: true });
  const add = (name: string, value: string) => {
    const key = name.toLowerCase();
    const list = Object.hasOwn(normalized, key) ? normalized[key] : undefined;
    if (list === undefined) {
      normalized[key] = [value];
    } else {
      list.push(value);
    }
  };
  if (typeof Headers !== 'undefined' && source instanceof Headers) {
    source.forEach((value, name) => {
      add(name, value);
    });
    return normalized;
  }
  for (const name of Object.keys(source)) {
    const value: unknown = (source as Record<string, unknown>)[name];
    if (Array.isArray(value)) {
      for (const item of value) {
        add(name, String(item));
      }
    } else if (value !== undefined && value !== null) {
      add(name, String(value));
    }
  }
  return normalized;
}

/** The first value of a header, or `''` when absent (Go's `Header.Get`). */
export function headerValue(headers: NormalizedHeaders, name: string): string {
  const key = name.toLowerCase();
  return Object.hasOwn(headers, key) ? (headers[key][0] ?? '') : '';
}
