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
