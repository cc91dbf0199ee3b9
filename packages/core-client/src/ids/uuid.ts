/**
 * UUID text exactly as Go's `github.com/google/uuid` v1.6.0 `Parse` / `ParseBytes` reads it, which every Unikorn
 * service uses for its IDs. Hand-written rather than a UUID library because Go's grammar is looser than RFC 9562 in
 * ways a compatible client must reproduce: the form is chosen by **byte** length, the braces of the 38-byte form are
 * not checked, version and variant bits are ignored, and the error texts are Go's.
 *
 * | bytes | form |
 * |---|---|
 * | 36 | `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (hex in either case) |
 * | 45 | `urn:uuid:` (any case) + the 36-byte form |
 * | 38 | any byte + the 36-byte form + any byte (normally `{…}`) |
 * | 32 | 32 hex digits |
 */

import { UnikornError, type UnikornErrorOptions } from '../errors/errors';
import { goQuoteBytes } from '../text/goQuote';

/** A malformed UUID. The message is Go's text (`invalid UUID length: 10`, `invalid UUID format`, …). */
export class InvalidUUIDError extends UnikornError {
  override readonly name = 'InvalidUUIDError';
  /** Stable code of this class. */
  readonly code = 'ERR_INVALID_UUID';
  /** Sentinel text of this class (not a message prefix: Go's uuid errors have none). */
  readonly sentinel = 'invalid UUID';

  /** @param message - Go's error text. */
  constructor(message: string, options?: UnikornErrorOptions) {
    super(message, options);
  }

  /** Go `fmt.Errorf("%w: <detail>", err)`: the same class, message `<message>: <detail>`, this error as cause. */
  wrap(detail: string): InvalidUUIDError {
    return new InvalidUUIDError(`${this.message}: ${detail}`, { cause: this });
  }
}

const CANONICAL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const URN_PREFIX = 'urn:uuid:';
// Offsets of the 16 hex pairs in the 36-byte form.
const PAIR_OFFSETS = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34] as const;
const HYPHENS = [8, 13, 18, 23] as const;

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x61 + 10;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x41 + 10;
  return -1;
}

function invalidFormat(): InvalidUUIDError {
  return new InvalidUUIDError('invalid UUID format');
}

/** The 16 UUID bytes as canonical lower-case text. */
function canonical(value: Uint8Array): string {
  const text = Buffer.from(value).toString('hex');
  return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
}

function readPairs(bytes: Uint8Array, start: number, offsets: readonly number[]): Uint8Array {
  const value = new Uint8Array(16);
  for (const [index, offset] of offsets.entries()) {
    const high = hexValue(bytes[start + offset]);
    const low = hexValue(bytes[start + offset + 1]);
    if (high < 0 || low < 0) throw invalidFormat();
    value[index] = high * 16 + low;
  }
  return value;
}

function asciiEqualFold(bytes: Uint8Array, text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const byte = bytes[i];
    const lower = byte >= 0x41 && byte <= 0x5a ? byte + 0x20 : byte;
    if (lower !== text.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Go `uuid.ParseBytes(b)` followed by `String()`: the canonical lower-case UUID.
 *
 * @throws InvalidUUIDError `invalid UUID length: <bytes>`, `invalid urn prefix: "<first 9 bytes>"` (Go `%q`) or
 *   `invalid UUID format`.
 */
export function parseUUIDBytes(bytes: Uint8Array): string {
  let start = 0;
  switch (bytes.length) {
    case 36:
      break;
    case 36 + 9:
      // strings.EqualFold against an ASCII literal: only ASCII case folding can match 9 bytes.
      if (!asciiEqualFold(bytes, URN_PREFIX)) {
        throw new InvalidUUIDError(`invalid urn prefix: ${goQuoteBytes(bytes.subarray(0, 9))}`);
      }
      start = 9;
      break;
    case 36 + 2:
      // Go skips the first byte and never looks at the last one.
      start = 1;
      break;
    case 32:
      return canonical(
        readPairs(
          bytes,
          0,
          PAIR_OFFSETS.map((_, index) => index * 2),
        ),
      );
    default:
      throw new InvalidUUIDError(`invalid UUID length: ${bytes.length}`);
  }
  for (const hyphen of HYPHENS) {
    if (bytes[start + hyphen] !== 0x2d) throw invalidFormat();
  }
  return canonical(readPairs(bytes, start, PAIR_OFFSETS));
}

/**
 * Go `uuid.Parse(s)` followed by `String()`: validates `text` with Go's grammar (its length counted in UTF-8 bytes)
 * and returns the canonical lower-case UUID, the only form this family sends on the wire.
 *
 * @throws InvalidUUIDError with Go's text, see {@link parseUUIDBytes}.
 */
export function parseUUID(text: string): string {
  if (CANONICAL.test(text)) return text;
  return parseUUIDBytes(new TextEncoder().encode(text));
}

/**
 * Go `uuid.MustParse(s)`: like {@link parseUUID}, for values known to be valid.
 *
 * @throws InvalidUUIDError `uuid: Parse(<text>): <error>` (Go's panic text).
 */
export function mustParseUUID(text: string): string {
  try {
    return parseUUID(text);
  } catch (error) {
    if (!(error instanceof InvalidUUIDError)) throw error;
    throw new InvalidUUIDError(`uuid: Parse(${text}): ${error.message}`, { cause: error });
  }
}
