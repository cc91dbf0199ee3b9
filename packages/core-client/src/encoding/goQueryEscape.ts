/**
 * Go `net/url` QueryEscape / QueryUnescape (the encoding of relayed and ingress-terminated certificates and of Go
 * form bodies). Both are a single pass over their input.
 */

import { headerBytes } from './goBase64';

function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x30 && byte <= 0x39) ||
    (byte >= 0x41 && byte <= 0x5a) ||
    (byte >= 0x61 && byte <= 0x7a) ||
    byte === 0x2d ||
    byte === 0x2e ||
    byte === 0x5f ||
    byte === 0x7e
  );
}

const hexDigits = '0123456789ABCDEF';

/** Like Go's `url.QueryEscape`: space → `+`, everything but `A–Z a–z 0–9 - _ . ~` → `%XX` (UTF-8, upper-case hex). */
export function queryEscape(text: string): string {
  const parts: string[] = [];
  for (const byte of Buffer.from(text, 'utf8')) {
    if (isUnreserved(byte)) {
      parts.push(String.fromCharCode(byte));
    } else if (byte === 0x20) {
      parts.push('+');
    } else {
      parts.push(`%${hexDigits[byte >> 4]}${hexDigits[byte & 0x0f]}`);
    }
  }
  return parts.join('');
}

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
}

/**
 * Go's `url.QueryUnescape` on the bytes of a header value (see {@link headerBytes}): `+` → space, `%XX` →
 * byte. Returns the raw bytes (Go strings are bytes), or undefined for a malformed escape, where Go returns an error.
 */
export function queryUnescapeBytes(text: string): Buffer | undefined {
  const input = headerBytes(text);
  const out = Buffer.allocUnsafe(input.length);
  let length = 0;
  for (let index = 0; index < input.length; index++) {
    const byte = input[index];
    if (byte === 0x25) {
      const high = index + 2 < input.length ? hexValue(input[index + 1]) : -1;
      const low = high < 0 ? -1 : hexValue(input[index + 2]);
      if (low < 0) return undefined;
      out[length++] = (high << 4) | low;
      index += 2;
    } else {
      out[length++] = byte === 0x2b ? 0x20 : byte;
    }
  }
  return out.subarray(0, length);
}

/** {@link queryUnescapeBytes} as UTF-8 text (invalid sequences become U+FFFD); undefined for a malformed escape. */
export function queryUnescape(text: string): string | undefined {
  return queryUnescapeBytes(text)?.toString('utf8');
}
