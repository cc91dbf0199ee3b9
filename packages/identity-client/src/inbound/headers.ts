/**
 * Framework-agnostic access to inbound request headers.
 */

/**
 * Inbound headers: a node `IncomingHttpHeaders` / `headersDistinct` object, any plain record (names matched
 * case-insensitively), or a fetch `Headers`.
 */
export type HeaderSource = Headers | Readonly<Record<string, string | readonly string[] | number | undefined>>;

/** Headers as a record with lower-case names and every value as a list (in received order). */
export type NormalizedHeaders = Record<string, string[]>;

/** Lower-cases names and turns every value into a list, so lookups behave like Go's `http.Header`. */
export function normalizeHeaders(source: HeaderSource): NormalizedHeaders {
  const normalized: NormalizedHeaders = {};
  const add = (name: string, value: string) => {
    const key = name.toLowerCase();
    normalized[key] ??= [];
    normalized[key].push(value);
  };
  if (typeof Headers !== 'undefined' && source instanceof Headers) {
    source.forEach((value, name) => {
      add(name, value);
    });
    return normalized;
  }
  for (const [name, value] of Object.entries(source as Record<string, unknown>)) {
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
  return headers[name.toLowerCase()]?.[0] ?? '';
}
