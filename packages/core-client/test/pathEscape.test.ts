import { describe, expect, it } from '@jest/globals';
import { escapePathSegment, PathEscapeError, unescapePath } from '../src/encoding/pathEscape';

describe('escapePathSegment (Go url.PathEscape)', () => {
  it('escapes "/" so a resource reference becomes one segment', () => {
    expect(escapePathSegment('computeclusters.compute.unikorn-cloud.org/abc')).toBe(
      'computeclusters.compute.unikorn-cloud.org%2Fabc',
    );
  });

  it('escaping twice yields the Go wire bytes %252F', () => {
    const once = escapePathSegment('computeclusters.compute.unikorn-cloud.org/abc');
    expect(escapePathSegment(once)).toBe('computeclusters.compute.unikorn-cloud.org%252Fabc');
  });

  it('keeps the characters Go keeps and escapes the ones encodeURIComponent keeps', () => {
    expect(escapePathSegment('a:b@c&d=e+f$g')).toBe('a:b@c&d=e+f$g');
    expect(escapePathSegment("!'()*")).toBe('%21%27%28%29%2A');
    expect(escapePathSegment('a b;c,d?e%f')).toBe('a%20b%3Bc%2Cd%3Fe%25f');
  });

  it('escapes non-ASCII byte by byte with upper-case hex', () => {
    expect(escapePathSegment('é')).toBe('%C3%A9');
  });

  it('gives the same bytes on every call, past the memo of recent segments and for long ones', () => {
    // Independent oracle: Go keeps [A-Za-z0-9-_.~$&+=:@] and writes every other byte of the UTF-8 as %XX.
    const oracle = (text: string) =>
      [...Buffer.from(text, 'utf8')]
        .map((byte) =>
          /[A-Za-z0-9\-_.~$&+=:@]/.test(String.fromCharCode(byte)) && byte < 0x80
            ? String.fromCharCode(byte)
            : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
        )
        .join('');
    const segments = Array.from({ length: 700 }, (_, i) => `computeclusters.compute.unikorn-cloud.org/c-${i} (é)!`);
    segments.push(`${'a/'.repeat(400)}ü`);
    for (let pass = 0; pass < 3; pass++) {
      for (const segment of segments) {
        expect(escapePathSegment(segment)).toBe(oracle(segment));
        expect(escapePathSegment(escapePathSegment(segment))).toBe(oracle(oracle(segment)));
      }
    }
  });

  it('round-trips through unescapePath', () => {
    for (const text of ['networks.region.unikorn-cloud.org/x', 'a b', '100%', 'ü/ß', '']) {
      expect(unescapePath(escapePathSegment(text))).toBe(text);
    }
  });

  it('rejects malformed escapes with the Go error text', () => {
    expect(() => unescapePath('abc%zz')).toThrow(PathEscapeError);
    expect(() => unescapePath('abc%zz')).toThrow('invalid URL escape "%zz"');
    expect(() => unescapePath('abc%2')).toThrow('invalid URL escape "%2"');
  });
});
