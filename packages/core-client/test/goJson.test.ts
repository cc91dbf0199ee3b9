import { describe, expect, it } from '@jest/globals';
import { marshalGoJSON } from '../src/encoding/goJson';
import { TypeConversionError } from '../src/errors/errors';

describe('marshalGoJSON', () => {
  it('escapes <, > and & like Go encoding/json', () => {
    expect(marshalGoJSON({ html: '<a href="x">&</a>' })).toBe(
      '{"html":"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e"}',
    );
  });

  it('escapes U+2028 and U+2029', () => {
    expect(marshalGoJSON('a\u2028b\u2029c')).toBe('"a\\u2028b\\u2029c"');
  });

  it('escapes HTML characters in keys too', () => {
    expect(marshalGoJSON({ 'a<b': 1 })).toBe('{"a\\u003cb":1}');
  });

  it('keeps the standard JSON escapes and leaves non-ASCII text raw', () => {
    expect(marshalGoJSON('"\\\n\t\u0001é😀')).toBe('"\\"\\\\\\n\\t\\u0001é😀"');
  });

  it('does not mistake an escaped backslash followed by text for an escape sequence', () => {
    expect(marshalGoJSON('\\ud800')).toBe('"\\\\ud800"');
  });

  it('writes lone surrogates as \\ufffd (Go replaces invalid UTF-8)', () => {
    expect(marshalGoJSON('x\ud800y')).toBe('"x\\ufffdy"');
  });

  it('keeps object keys in insertion order', () => {
    expect(marshalGoJSON({ organizationID: 'org1', actor: 'someone@example.com', b: 2, a: 1 })).toBe(
      '{"organizationID":"org1","actor":"someone@example.com","b":2,"a":1}',
    );
  });

  it('drops undefined members (omitempty on absent fields)', () => {
    expect(marshalGoJSON({ a: undefined, b: 'x', c: undefined })).toBe('{"b":"x"}');
  });

  it('writes a top-level undefined as null', () => {
    expect(marshalGoJSON(undefined)).toBe('null');
  });

  it('serialises nested arrays and objects compactly', () => {
    expect(marshalGoJSON({ groups: [['a', '<'], [], [{ id: 1, x: null }]], flag: true })).toBe(
      '{"groups":[["a","\\u003c"],[],[{"id":1,"x":null}]],"flag":true}',
    );
  });

  it('rejects non-finite numbers and bigints like Go rejects unsupported values', () => {
    expect(() => marshalGoJSON({ n: Number.NaN })).toThrow(TypeConversionError);
    expect(() => marshalGoJSON([Number.POSITIVE_INFINITY])).toThrow(TypeConversionError);
    expect(() => marshalGoJSON({ n: 1n })).toThrow(TypeConversionError);
  });
});
