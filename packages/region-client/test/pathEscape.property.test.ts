/**
 * Property tests of the reference path segment: core `escapePathSegment` applied twice, as
 * `References` does (once itself, once through the generated client's `expandPath`), round-trips through a model of
 * a Go server's decoding, for Kubernetes-like references and arbitrary unicode; and the escaping matches Go's
 * `url.PathEscape` byte for byte.
 *
 * fast-check prints `{ seed, path }` with the counterexample on failure; replay with `FC_SEED=<seed> FC_PATH=<path>`.
 */

import { describe, expect, it } from '@jest/globals';
import { escapePathSegment, unescapePath } from '@unikorn-cloud/core-client';
import { expandPath } from '@unikorn-cloud/identity-client';
import fc from 'fast-check';

function runSettings<T>(): fc.Parameters<T> {
  const seed = process.env.FC_SEED;
  return seed === undefined ? { numRuns: 1000 } : { numRuns: 1000, seed: Number(seed), path: process.env.FC_PATH };
}

const template = '/api/v2/networks/{networkID}/references/{reference}';
const networkID = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';

// ---- A model of the Go server side, written from Go's net/url rules (not from our implementation). ----

const isAlphanumeric = (byte: number) =>
  (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);

/** Go `shouldEscape(c, mode)` for `encodePath` and `encodePathSegment`. */
function goShouldEscape(byte: number, mode: 'path' | 'segment'): boolean {
  if (isAlphanumeric(byte)) return false;
  const char = String.fromCharCode(byte);
  if ('-_.~'.includes(char)) return false;
  if ('$&+,/:;=?@'.includes(char)) {
    // encodePath: only '?' is escaped; encodePathSegment also escapes '/', ';' and ','.
    return mode === 'path' ? char === '?' : '/;,?'.includes(char);
  }
  return true;
}

/** Go `escape(bytes, mode)`: upper-case `%XX` for every byte that should be escaped. */
function goEscape(bytes: Uint8Array, mode: 'path' | 'segment'): string {
  let out = '';
  for (const byte of bytes) {
    out += goShouldEscape(byte, mode)
      ? `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
      : String.fromCharCode(byte);
  }
  return out;
}

/** Go `unescape(text, encodePath…)`: `%XX` → byte, `+` stays; undefined for a malformed escape (a 400). */
function goUnescape(text: string): Uint8Array | undefined {
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index++) {
    if (text[index] === '%') {
      const hex = text.slice(index + 1, index + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return undefined;
      bytes.push(Number.parseInt(hex, 16));
      index += 2;
    } else {
      // The wire path is ASCII (it was produced by escaping), so one char is one byte.
      bytes.push(text.charCodeAt(index));
    }
  }
  return Uint8Array.from(bytes);
}

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

/**
 * What a Go server (net/url `setPath` + chi routing on `RawPath || Path` + oapi-codegen `PathUnescape` of the
 * parameter) stores for the `{reference}` of `rawPath`: the bytes, or undefined when it answers 400/404.
 */
function goServerReference(rawPath: string): Uint8Array | undefined {
  const path = goUnescape(rawPath);
  if (path === undefined) return undefined;
  // url.setPath: RawPath is kept only when it is not the canonical escaping of the decoded Path.
  const routePath = goEscape(path, 'path') === rawPath ? latin1(path) : rawPath;
  const segments = routePath.split('/');
  if (segments.length !== 7 || segments[1] !== 'api' || segments[5] !== 'references') return undefined;
  return goUnescape(segments[6]);
}

/** The path References sends: escaped once by References, once more by the generated client. */
const wirePath = (reference: string) => expandPath(template, { networkID, reference: escapePathSegment(reference) });

const utf8 = (text: string) => new TextEncoder().encode(text);
const sameBytes = (a: Uint8Array | undefined, b: Uint8Array) => a !== undefined && Buffer.from(a).equals(b);

// ---- Generators ----

const dnsLabel = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/);
const dnsSubdomain = fc.array(dnsLabel, { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.'));
/** `<plural>.<group>/<name>` as GenerateResourceReference builds it. */
const kubernetesReference = fc
  .tuple(dnsLabel, dnsSubdomain, dnsSubdomain)
  .map(([plural, group, name]) => ({ prefix: `${plural}.${group}`, name }));
const unicode = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: fc.constantFrom(..."/%+?#;,.:@&=$ !'()*~é") }),
);

describe('reference path segment properties', () => {
  it('Kubernetes references go on the wire as <plural>.<group>%252F<name> and decode back on a Go server', () => {
    fc.assert(
      fc.property(kubernetesReference, ({ prefix, name }) => {
        const reference = `${prefix}/${name}`;
        const path = wirePath(reference);
        expect(path).toBe(`/api/v2/networks/${networkID}/references/${prefix}%252F${name}`);
        expect(sameBytes(goServerReference(path), utf8(reference))).toBe(true);
      }),
      runSettings(),
    );
  });

  it('double escaping round-trips arbitrary unicode through the Go server decoding', () => {
    fc.assert(
      fc.property(unicode, (reference) => {
        expect(sameBytes(goServerReference(wirePath(reference)), utf8(reference))).toBe(true);
      }),
      runSettings(),
    );
  });

  it('the wire path survives WHATWG URL parsing unchanged (except the dot segments . and ..)', () => {
    fc.assert(
      fc.property(unicode, (reference) => {
        fc.pre(reference !== '.' && reference !== '..');
        const path = wirePath(reference);
        expect(new URL(`https://region.example${path}`).pathname).toBe(path);
      }),
      runSettings(),
    );
  });

  it('why twice: escaping once loses any reference holding % but none of / ; , on a Go server', () => {
    const withPercent = fc
      .tuple(unicode, unicode)
      .map(([a, b]) => `${a}%${b}`)
      .filter((text) => !/[/;,]/.test(text));
    fc.assert(
      fc.property(withPercent, (reference) => {
        const once = `/api/v2/networks/${networkID}/references/${escapePathSegment(reference)}`;
        expect(sameBytes(goServerReference(once), utf8(reference))).toBe(false);
      }),
      runSettings(),
    );
  });

  it('escapePathSegment equals Go url.PathEscape and emits only the Go path-segment set plus upper-case %XX', () => {
    fc.assert(
      fc.property(unicode, (text) => {
        const escaped = escapePathSegment(text);
        expect(escaped).toMatch(/^(?:[A-Za-z0-9\-_.~$&+=:@]|%[0-9A-F]{2})*$/);
        expect(escaped).toBe(goEscape(utf8(text), 'segment'));
        expect(unescapePath(escaped)).toBe(text);
        expect(escapePathSegment(escaped)).toBe(escaped.replaceAll('%', '%25'));
      }),
      runSettings(),
    );
  });
});
