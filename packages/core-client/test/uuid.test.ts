import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { InvalidUUIDError, mustParseUUID, parseUUID, parseUUIDBytes } from '../src/ids/uuid';
import { uuidType } from '../src/ids/uuidType';
import { goQuote, goQuoteBytes } from '../src/text/goQuote';

const CANONICAL = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';

function errorOf(fn: () => unknown): InvalidUUIDError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidUUIDError);
    return error as InvalidUUIDError;
  }
  throw new Error('expected an InvalidUUIDError');
}

describe('Go uuid.Parse accepts every form google/uuid v1.6.0 accepts', () => {
  it.each([
    CANONICAL,
    'F47AC10B-58CC-4372-A567-0E02B2C3D479',
    '{f47ac10b-58cc-4372-a567-0e02b2c3d479}',
    'Xf47ac10b-58cc-4372-a567-0e02b2c3d479Y',
    'URN:UUID:f47ac10b-58cc-4372-a567-0e02b2c3d479',
    'urn:uuid:F47AC10B-58cc-4372-a567-0e02b2c3d479',
    'f47ac10b58cc4372a5670e02b2c3d479',
    'F47AC10B58CC4372A5670E02B2C3D479',
  ])('%s → the canonical lower-case form', (text) => {
    expect(parseUUID(text)).toBe(CANONICAL);
    expect(parseUUIDBytes(new TextEncoder().encode(text))).toBe(CANONICAL);
  });

  it('accepts the nil UUID and ignores version and variant bits', () => {
    expect(parseUUID('00000000-0000-0000-0000-000000000000')).toBe('00000000-0000-0000-0000-000000000000');
    expect(parseUUID('ffffffff-ffff-ffff-ffff-ffffffffffff')).toBe('ffffffff-ffff-ffff-ffff-ffffffffffff');
  });

  it('never checks the two bytes around the 38-byte form, whatever they are', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), (first, last) => {
        const bytes = Uint8Array.from([first, ...new TextEncoder().encode(CANONICAL), last]);
        expect(parseUUIDBytes(bytes)).toBe(CANONICAL);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('Go uuid.Parse error texts', () => {
  it.each([
    ['', 'invalid UUID length: 0'],
    ['not-a-uuid', 'invalid UUID length: 10'],
    ['urn:uuix:f47ac10b-58cc-4372-a567-0e02b2c3d479', 'invalid urn prefix: "urn:uuix:"'],
    ['f47ac10b-58cc-4372-a567-0e02b2c3d47g', 'invalid UUID format'],
    ['f47ac10b+58cc-4372-a567-0e02b2c3d479', 'invalid UUID format'],
    ['f47ac10b58cc4372a5670e02b2c3d47z', 'invalid UUID format'],
    ['{f47ac10b-58cc-4372-a567-0e02b2c3d479', 'invalid UUID length: 37'],
  ])('%j → %s', (text, message) => {
    const error = errorOf(() => parseUUID(text));
    expect(error.message).toBe(message);
    expect(error.code).toBe('ERR_INVALID_UUID');
  });

  it('counts the length in UTF-8 bytes, as Go does', () => {
    // 35 characters but 36 bytes: "é" is two bytes, so this is the 36-byte form with a non-hex byte.
    expect(errorOf(() => parseUUID('é7ac10b-58cc-4372-a567-0e02b2c3d479')).message).toBe('invalid UUID format');
    expect(errorOf(() => parseUUID('ü')).message).toBe('invalid UUID length: 2');
  });

  it('quotes a non-ASCII urn prefix with Go %q, cutting a rune at byte 9 as \\x escapes', () => {
    // "urn:uuidé" is 10 bytes; the first 9 end in the first byte of "é".
    const text = `urn:uuid\u00e9${CANONICAL.slice(1)}`;
    expect(new TextEncoder().encode(text).length).toBe(45);
    expect(errorOf(() => parseUUID(text)).message).toBe('invalid urn prefix: "urn:uuid\\xc3"');
  });

  it("MustParse throws Go's panic text", () => {
    expect(errorOf(() => mustParseUUID('not-a-uuid')).message).toBe('uuid: Parse(not-a-uuid): invalid UUID length: 10');
    expect(mustParseUUID(CANONICAL.toUpperCase())).toBe(CANONICAL);
  });

  it('wrap() keeps the class and Go\'s "%w: detail" text', () => {
    const inner = errorOf(() => parseUUID('abc'));
    const wrapped = inner.wrap('invalid allocation ID on resource');
    expect(wrapped).toBeInstanceOf(InvalidUUIDError);
    expect(wrapped.message).toBe('invalid UUID length: 3: invalid allocation ID on resource');
    expect(wrapped.cause).toBe(inner);
  });

  it("any string either parses to a canonical UUID or fails with one of Go's three texts", () => {
    const canonical = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    const texts = /^(invalid UUID length: \d+|invalid UUID format|invalid urn prefix: ".*")$/s;
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary' }), fc.uuid(), fc.stringMatching(/^[0-9a-fA-F{}-]{30,46}$/)),
        (text) => {
          try {
            expect(parseUUID(text)).toMatch(canonical);
          } catch (error) {
            expect(error).toBeInstanceOf(InvalidUUIDError);
            expect((error as Error).message).toMatch(texts);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('uuidType (Go distinct ID types)', () => {
  const OrganizationIDs = uuidType('OrganizationID');

  it('parses, prints and marshals as the canonical text', () => {
    const id = OrganizationIDs.parse(CANONICAL.toUpperCase());
    expect(String(id)).toBe(CANONICAL);
    expect(`${id}`).toBe(CANONICAL);
    expect(JSON.stringify({ id })).toBe(`{"id":"${CANONICAL}"}`);
    expect(OrganizationIDs.unmarshalText(new TextEncoder().encode(id))).toBe(id);
    expect(OrganizationIDs.name).toBe('OrganizationID');
  });
});

describe('goQuote (Go %q)', () => {
  it.each([
    ['urn:uuix:', '"urn:uuix:"'],
    ['say "hi" \\ there', '"say \\"hi\\" \\\\ there"'],
    ['tab\tnew\nbell\u0007nul\u0000del\u007f', '"tab\\tnew\\nbell\\anul\\x00del\\x7f"'],
    ['héllo wörld ✓', '"héllo wörld ✓"'],
    ['\u00a0\u200b\ufeff', '"\\u00a0\\u200b\\ufeff"'],
    ['😀', '"😀"'],
  ])('%j → %s', (text, quoted) => {
    expect(goQuote(text)).toBe(quoted);
  });

  it('writes invalid UTF-8 byte by byte', () => {
    expect(goQuoteBytes(Uint8Array.from([0x61, 0xff, 0xc3, 0x28, 0xed, 0xa0, 0x80]))).toBe(
      '"a\\xff\\xc3(\\xed\\xa0\\x80"',
    );
  });
});
