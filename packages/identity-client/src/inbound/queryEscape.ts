/**
 * Go `net/url` QueryEscape / QueryUnescape, the encoding of relayed and ingress-terminated certificates.
 */

const unreserved = /[A-Za-z0-9\-_.~]/;

/** Like Go's `url.QueryEscape`: space → `+`, everything but `A–Z a–z 0–9 - _ . ~` → `%XX` (UTF-8, upper-case hex). */
export function queryEscape(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    if (byte < 0x80 && unreserved.test(char)) {
      out += char;
    } else if (char === ' ') {
      out += '+';
    } else {
      out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return out;
}

/**
 * Like Go's `url.QueryUnescape`: `+` → space, `%XX` → byte. Returns undefined for a malformed escape
 * (`%` not followed by two hex digits), as Go returns an error.
 */
export function queryUnescape(text: string): string | undefined {
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const char = String.fromCodePoint(text.codePointAt(index) ?? 0);
    if (char === '%') {
      const hex = text.slice(index + 1, index + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
        return undefined;
      }
      bytes.push(Number.parseInt(hex, 16));
      index += 2;
    } else if (char === '+') {
      bytes.push(0x20);
    } else {
      bytes.push(...Buffer.from(char, 'utf8'));
      index += char.length - 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
