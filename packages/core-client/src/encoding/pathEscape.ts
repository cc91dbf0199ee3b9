/**
 * Path-segment escaping exactly like Go's `url.PathEscape`, which Go's generated OpenAPI clients apply to
 * every path parameter. It differs from `encodeURIComponent`: Go keeps `$ & + = : @` literal and escapes
 * `! ' ( ) *`. Hex digits are upper-case; non-ASCII characters are escaped byte by byte as UTF-8.
 */

import { UnikornError, type UnikornErrorOptions } from '../errors/errors';

// Characters Go's shouldEscape(c, encodePathSegment) leaves alone.
const UNESCAPED = /^[A-Za-z0-9\-_.~$&+=:@]$/;
const NOTHING_TO_ESCAPE = /^[A-Za-z0-9\-_.~$&+=:@]*$/;
const utf8 = new TextEncoder();

// encodeURIComponent escapes these, Go keeps them; Go escapes `! ' ( ) *`, which encodeURIComponent keeps.
const GO_KEEPS = /%(?:24|26|2B|3D|3A|40)/g;
const GO_ESCAPES = /[!'()*]/g;

// Segments that need escaping repeat too (a resource reference `<plural>.<group>/<name>` is escaped twice per
// reference call): recent results are kept. Bounded in entries and key length; cleared when full.
const MEMO_ENTRIES = 256;
const MEMO_KEY_LENGTH = 256;
const memo = new Map<string, string>();

/** Go `url.PathEscape(segment)`. */
export function escapePathSegment(segment: string): string {
  // Most segments (UUIDs, names) need no escape: one test instead of one per character.
  if (NOTHING_TO_ESCAPE.test(segment)) return segment;
  const known = memo.get(segment);
  if (known !== undefined) return known;
  const escaped = escapeNeeded(segment);
  if (segment.length <= MEMO_KEY_LENGTH) {
    if (memo.size >= MEMO_ENTRIES) memo.clear();
    memo.set(segment, escaped);
  }
  return escaped;
}

function escapeNeeded(segment: string): string {
  let encoded: string;
  try {
    // The native encoder writes UTF-8 with upper-case hex, as Go does; only the two sets above differ.
    encoded = encodeURIComponent(segment);
  } catch {
    return escapeEachCharacter(segment); // a lone surrogate: written as U+FFFD, byte by byte
  }
  return encoded
    .replace(GO_KEEPS, (kept) => String.fromCharCode(Number.parseInt(kept.slice(1), 16)))
    .replace(GO_ESCAPES, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

function escapeEachCharacter(segment: string): string {
  let out = '';
  for (const char of segment) {
    if (UNESCAPED.test(char)) {
      out += char;
      continue;
    }
    for (const byte of utf8.encode(char)) {
      out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return out;
}

/**
 * Go `url.PathUnescape(text)`: decodes every `%XX` (a `+` stays a `+`).
 *
 * @throws {@link PathEscapeError} when an escape is malformed or the bytes are not UTF-8.
 */
export function unescapePath(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '%') {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
        throw new PathEscapeError(`invalid URL escape "${text.slice(i, i + 3)}"`);
      }
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
      continue;
    }
    bytes.push(...new TextEncoder().encode(char));
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
  } catch (error) {
    throw new PathEscapeError('escaped path is not valid UTF-8', { cause: error });
  }
}

/** A malformed percent-escape in a path; the message is Go's `url.EscapeError` text. */
export class PathEscapeError extends UnikornError {
  override readonly name = 'PathEscapeError';
  readonly code = 'ERR_PATH_ESCAPE';
  readonly sentinel = 'invalid URL escape';

  constructor(message: string, options?: UnikornErrorOptions) {
    super(message, options);
  }
}
