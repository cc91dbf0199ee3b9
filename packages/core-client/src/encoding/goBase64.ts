/**
 * Base64 decoding with Go `encoding/base64` semantics, which decides what a Go server accepts: `\r` and `\n` are
 * skipped anywhere, any other byte outside the alphabet is an error, `StdEncoding` requires correct padding and
 * nothing but newlines after it, `RawURLEncoding` rejects `=` and a final group of one character. Trailing bits are
 * not checked (Go's encodings are not `Strict`). Node's decoder silently skips junk, so it cannot be used alone.
 *
 * Each function is a single pass over its input.
 */

const standardAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const urlAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function decodeMap(alphabet: string): Int16Array {
  const map = new Int16Array(256).fill(-1);
  for (let index = 0; index < alphabet.length; index++) {
    map[alphabet.charCodeAt(index)] = index;
  }
  return map;
}

const standardMap = decodeMap(standardAlphabet);
const urlMap = decodeMap(urlAlphabet);
const CR = 0x0d;
const LF = 0x0a;
const PAD = 0x3d;

function decode(input: Uint8Array, map: Int16Array, padded: boolean): Buffer | undefined {
  const out = Buffer.allocUnsafe(Math.floor((input.length * 3) / 4) + 3);
  let written = 0;
  let quantum = 0;
  let count = 0;
  let padding = false;
  for (let index = 0; index < input.length; index++) {
    const byte = input[index];
    if (byte === CR || byte === LF) continue;
    const value = map[byte];
    if (value >= 0) {
      quantum = (quantum << 6) | value;
      count++;
      if (count === 4) {
        out[written++] = (quantum >> 16) & 0xff;
        out[written++] = (quantum >> 8) & 0xff;
        out[written++] = quantum & 0xff;
        quantum = 0;
        count = 0;
      }
      continue;
    }
    if (!padded || byte !== PAD || count < 2) return undefined;
    // Padding: "==" after two characters, "=" after three, then only newlines.
    let pads = 1;
    for (index++; index < input.length && pads < 4 - count; index++) {
      const next = input[index];
      if (next === CR || next === LF) continue;
      if (next !== PAD) return undefined;
      pads++;
    }
    if (pads !== 4 - count) return undefined;
    for (; index < input.length; index++) {
      if (input[index] !== CR && input[index] !== LF) return undefined;
    }
    padding = true;
    break;
  }
  if (count === 1 || (padded && count > 1 && !padding)) return undefined;
  if (count > 1) {
    quantum <<= 6 * (4 - count);
    out[written++] = (quantum >> 16) & 0xff;
    if (count === 3) out[written++] = (quantum >> 8) & 0xff;
  }
  return out.subarray(0, written);
}

/** Go `base64.StdEncoding.Decode`: the bytes, or undefined where Go returns a `CorruptInputError`. */
export function decodeStdBase64(input: Uint8Array): Buffer | undefined {
  return decode(input, standardMap, true);
}

/** Go `base64.RawURLEncoding.DecodeString`: the bytes, or undefined where Go returns a `CorruptInputError`. */
export function decodeRawURLBase64(input: Uint8Array | string): Buffer | undefined {
  return decode(typeof input === 'string' ? headerBytes(input) : input, urlMap, false);
}

/**
 * The bytes of a header value as a Go server sees them. Node's HTTP parser hands values over as latin1 text (one
 * character per byte), so a value whose characters are all below U+0100 is taken byte for byte; any other string
 * (built by code, not received) is taken as UTF-8.
 */
export function headerBytes(value: string): Buffer {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the range is the point
  return /^[\u0000-\u00ff]*$/.test(value) ? Buffer.from(value, 'latin1') : Buffer.from(value, 'utf8');
}
