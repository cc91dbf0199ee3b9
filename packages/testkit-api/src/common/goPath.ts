/**
 * Go `net/url` path handling, as a Go Unikorn server (chi router + oapi-codegen parameter binding) applies it to the
 * request target: `%252F` and `%2F` in a path segment both bind as `/` (the router unescapes the path once, the
 * parameter binding once more).
 */

// Bytes Go's `shouldEscape(c, encodePath)` leaves literal: unreserved characters plus `$ & + , / : ; = @`.
const literalInPath = /^[A-Za-z0-9\-_.~$&+,/:;=@]$/;

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x41 + 10;
  if (code >= 0x61 && code <= 0x66) return code - 0x61 + 10;
  return -1;
}

/**
 * Go `url.PathUnescape` on bytes: `%XX` becomes the byte, `+` stays `+`.
 *
 * @returns undefined when a `%` is not followed by two hex digits (Go: `invalid URL escape`).
 */
export function goPathUnescape(bytes: Uint8Array): Uint8Array | undefined {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i += 1) {
    if (bytes[i] !== 0x25) {
      out.push(bytes[i]);
      continue;
    }
    const high = i + 2 < bytes.length ? hexValue(bytes[i + 1]) : -1;
    const low = i + 2 < bytes.length ? hexValue(bytes[i + 2]) : -1;
    if (high < 0 || low < 0) return undefined;
    out.push(high * 16 + low);
    i += 2;
  }
  return Uint8Array.from(out);
}

/** Go `escape(s, encodePath)`: every byte outside the path-literal set becomes `%XX` with upper-case hex. */
export function goPathEscape(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) {
    const char = String.fromCharCode(byte);
    out += byte < 0x80 && literalInPath.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const latin1 = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'latin1'));

/**
 * The path a Go router matches on, from the escaped path of the request target (no query). Go's `url.setPath` keeps
 * `RawPath` only when the raw path is not the canonical escaping of its decoded form, and chi routes on `RawPath`
 * when set, else on the decoded `Path`. The result is a byte string (one char per byte).
 *
 * @returns undefined for a malformed escape (Go answers `400 Bad Request` before any handler).
 */
export function goRoutingPath(rawPath: string): string | undefined {
  const decoded = goPathUnescape(latin1(rawPath));
  if (decoded === undefined) return undefined;
  return goPathEscape(decoded) === rawPath ? Buffer.from(decoded).toString('latin1') : rawPath;
}

/**
 * The value oapi-codegen binds for a path parameter: the routing-path segment, path-unescaped once more, as UTF-8.
 *
 * @returns undefined for a malformed escape (Go: 400 `invalid_request`).
 */
export function goPathParameter(routingSegment: string): string | undefined {
  const decoded = goPathUnescape(latin1(routingSegment));
  return decoded === undefined ? undefined : Buffer.from(decoded).toString('utf8');
}
