/**
 * JSON encoding with Go `encoding/json` output conventions, so that signed payloads are byte-compatible
 * with what a Go service produces.
 */

import { TypeConversionError } from '../errors/errors';

// Characters Go escapes in strings for safe embedding in HTML, in addition to the JSON-mandated escapes.
const goEscapes: Readonly<Record<string, string>> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

// Matches, left to right: an escaped backslash (skipped so that a literal `\ud800` text is not taken for an
// escape), a lone-surrogate escape as JSON.stringify writes it, or a character Go escapes.
const rewritten = /\\\\|\\ud[89a-f][0-9a-f]{2}|[<>&\u2028\u2029]/g;

function rejectUnsupported(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new TypeConversionError(`json: unsupported value: ${value}`);
  }
  if (typeof value === 'bigint') {
    throw new TypeConversionError('json: unsupported type: bigint');
  }
  return value;
}

/**
 * Serialises `value` like Go's `json.Marshal` of an equivalent struct: object keys in insertion order, `undefined`
 * members dropped, `<` `>` `&` U+2028 U+2029 escaped as `\u003c` `\u003e` `\u0026` `\u2028` `\u2029`, lone
 * surrogates (invalid UTF-8 in Go terms) written as `\ufffd`, and a top-level `undefined` written as `null`.
 * Non-finite numbers and bigints are rejected with a {@link TypeConversionError}.
 */
export function marshalGoJSON(value: unknown): string {
  const json = JSON.stringify(value, rejectUnsupported) ?? 'null';
  return json.replace(rewritten, (match: string) => (match === '\\\\' ? match : (goEscapes[match] ?? '\\ufffd')));
}
