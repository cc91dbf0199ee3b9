/**
 * JSON decoding bounded as Go's `encoding/json` is: Go's scanner refuses nesting deeper than 10,000 levels
 * (`exceeded max depth`), which `JSON.parse` does not. The depth check is one pass over the text.
 */

/** Go's `maxNestingDepth`. */
export const maxJSONNestingDepth = 10_000;

/** Whether `text` nests arrays/objects deeper than `limit` (strings are skipped, escapes honoured). Linear. */
export function exceedsJSONDepth(text: string, limit = maxJSONNestingDepth): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c) index++;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x5b || char === 0x7b) {
      depth++;
      if (depth > limit) return true;
    } else if (char === 0x5d || char === 0x7d) {
      depth--;
    }
  }
  return false;
}

/** Why {@link parseGoJSON} failed. */
export class GoJSONError extends Error {
  override readonly name = 'GoJSONError';
}

/**
 * Parses JSON bytes as Go's `json.Unmarshal` would accept them: invalid UTF-8 becomes U+FFFD (as Go decodes it),
 * nesting deeper than {@link maxJSONNestingDepth} is an error, other syntax errors as `JSON.parse`.
 * @throws GoJSONError
 */
export function parseGoJSON(bytes: Uint8Array): unknown {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (exceedsJSONDepth(text)) {
    throw new GoJSONError('exceeded max depth');
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new GoJSONError('invalid JSON', { cause });
  }
}
