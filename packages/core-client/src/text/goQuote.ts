/**
 * Go's `%q` verb (`strconv.Quote`) for error texts that quote input, byte for byte: printable runes stay as they
 * are, `"` and `\` are backslashed, control characters become `\a` `\b` `\f` `\n` `\r` `\t` `\v` or `\xNN`, other
 * non-printable runes `\uNNNN` / `\UNNNNNNNN`, and bytes that are not valid UTF-8 `\xNN`.
 */

const SHORT_ESCAPES: Readonly<Record<number, string>> = {
  7: '\\a',
  8: '\\b',
  12: '\\f',
  10: '\\n',
  13: '\\r',
  9: '\\t',
  11: '\\v',
};

// Go `unicode.IsPrint`: categories L, M, N, P, S and the ASCII space.
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

const hex = (value: number, width: number) => value.toString(16).padStart(width, '0');

/** Decodes one UTF-8 sequence at `at`: the code point and its length, or undefined when it is not valid UTF-8. */
function decodeRune(bytes: Uint8Array, at: number): { rune: number; size: number } | undefined {
  const first = bytes[at];
  if (first < 0x80) return { rune: first, size: 1 };
  const size = first >= 0xf0 && first <= 0xf4 ? 4 : first >= 0xe0 ? 3 : first >= 0xc2 && first < 0xe0 ? 2 : 0;
  if (size === 0 || at + size > bytes.length) return undefined;
  let rune = first & (0xff >> (size + 1));
  for (let i = 1; i < size; i++) {
    const next = bytes[at + i];
    if ((next & 0xc0) !== 0x80) return undefined;
    rune = (rune << 6) | (next & 0x3f);
  }
  const overlong = (size === 3 && rune < 0x800) || (size === 4 && rune < 0x10000);
  if (overlong || rune > 0x10ffff || (rune >= 0xd800 && rune <= 0xdfff)) return undefined;
  return { rune, size };
}

function escapeRune(rune: number): string {
  if (rune === 0x22 || rune === 0x5c) return `\\${String.fromCodePoint(rune)}`;
  const char = String.fromCodePoint(rune);
  if (PRINTABLE.test(char)) return char;
  const short = SHORT_ESCAPES[rune];
  if (short !== undefined) return short;
  if (rune < 0x20 || rune === 0x7f) return `\\x${hex(rune, 2)}`;
  return rune < 0x10000 ? `\\u${hex(rune, 4)}` : `\\U${hex(rune, 8)}`;
}

/** Go `fmt.Sprintf("%q", b)` for a byte string. */
export function goQuoteBytes(bytes: Uint8Array): string {
  let out = '"';
  for (let at = 0; at < bytes.length; ) {
    const decoded = decodeRune(bytes, at);
    if (decoded === undefined) {
      out += `\\x${hex(bytes[at], 2)}`;
      at += 1;
      continue;
    }
    out += escapeRune(decoded.rune);
    at += decoded.size;
  }
  return `${out}"`;
}

/** Go `fmt.Sprintf("%q", s)` for a string (taken as its UTF-8 bytes). */
export function goQuote(text: string): string {
  return goQuoteBytes(new TextEncoder().encode(text));
}
