/**
 * The request target joined as a string must be exactly what `new URL(base + '/' + path)` (plus the query) gives:
 * the oracle is the URL parser itself, over ordinary generated paths, hostile ones (dot segments, percent-encoded
 * dots, backslashes, spaces, non-ASCII, `?` and `#`) and odd bases (trailing slashes, upper-case hosts, default
 * ports, user info, prefixes with dots).
 *
 * fast-check prints `{ seed, path }` with the counterexample on failure; replay with `FC_SEED=<seed> FC_PATH=<path>`.
 */

import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { requestTarget } from '../src/requestTarget';
import type { QueryValue } from '../src/transport';

function runSettings<T>(): fc.Parameters<T> {
  const seed = process.env.FC_SEED;
  return seed === undefined ? { numRuns: 2000 } : { numRuns: 2000, seed: Number(seed), path: process.env.FC_PATH };
}

/** What `sendRequest` used to build for every request: the oracle. */
function viaURL(baseUrl: string, path: string, query?: Readonly<Record<string, QueryValue>>) {
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(item));
  }
  return { origin: url.origin, path: `${url.pathname}${url.search}`, href: url.href };
}

const bases = [
  'https://127.0.0.1:8443',
  'https://127.0.0.1:8443/',
  'https://region.example.com',
  'https://region.example.com//',
  'https://Region.Example.COM',
  'https://region.example.com:443',
  'http://region.example.com:80/prefix',
  'https://region.example.com/prefix/',
  'https://region.example.com/a/./b',
  'https://region.example.com/a/..',
  'https://region.example.com/a/.',
  'https://region.example.com/%7euser',
  'https://user:secret@region.example.com',
  'https://region.example.com/?x=1',
  'https://region.example.com/#frag',
  'https://[::1]:8443',
  'https://[0:0::1]:8443/p',
];

const pieces = [
  'api',
  'v2',
  'networks',
  '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  'computeclusters.compute.unikorn-cloud.org%252Fcluster-1',
  '.',
  '..',
  '%2e',
  '%2E%2e',
  '.%2e',
  '...',
  '.hidden',
  'a.b',
  '%',
  '%zz',
  '%41',
  '\\',
  ' ',
  '\t',
  '?',
  '#',
  'é',
  "~!$&'()*+,;=:@",
  '"<>`{}|^[]',
  '',
];

const path = fc
  .array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 6 })), { maxLength: 6 })
  .map((segments) => segments.join('/'));
const leadingSlashes = fc.constantFrom('', '/', '//', '///');

describe('requestTarget', () => {
  it('gives the bytes the URL parser gives, for any path under any base', () => {
    fc.assert(
      fc.property(fc.constantFrom(...bases), leadingSlashes, path, (base, slashes, rest) => {
        expect(requestTarget(base, `${slashes}${rest}`, undefined)).toEqual(viaURL(base, `${slashes}${rest}`));
      }),
      runSettings(),
    );
  });

  it('gives the bytes the URL parser gives with a query (repeated keys, skipped undefined values)', () => {
    const query = fc.dictionary(
      fc.constantFrom('tag', 'organizationID', 'a b', 'é'),
      fc.oneof(
        fc.constant(undefined),
        fc.string({ maxLength: 5 }),
        fc.integer(),
        fc.boolean(),
        fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
      ),
    );
    fc.assert(
      fc.property(fc.constantFrom(...bases), path, query, (base, rest, given) => {
        expect(requestTarget(base, rest, given)).toEqual(viaURL(base, rest, given));
      }),
      runSettings(),
    );
  });

  it('resolves dot segments and percent-encoded dots as the parser does (never joined as they are)', () => {
    const base = 'https://region.example.com/api';
    for (const hostile of ['v2/../../admin', 'v2/%2e%2e/admin', 'v2/.%2E/admin', './x', 'x/.', 'x/..']) {
      const target = requestTarget(base, hostile, undefined);
      expect(target).toEqual(viaURL(base, hostile));
      expect(target.path).not.toMatch(/(^|\/)(\.|%2e){1,2}(\/|$)/i);
    }
  });

  it('throws the parser error for a base that is not a URL', () => {
    // Twice: the second call meets the remembered verdict on the base.
    expect(() => requestTarget('not a url', 'x', undefined)).toThrow('Invalid URL');
    expect(() => requestTarget('not a url', 'x', undefined)).toThrow('Invalid URL');
  });

  it('parses no URL per request for a plain path under a normalised base, and one for anything else', () => {
    const base = 'https://127.0.0.1:8443';
    requestTarget(base, '/api/v2/networks', undefined);
    const Original = globalThis.URL;
    let parsed = 0;
    globalThis.URL = class extends Original {
      constructor(...args: ConstructorParameters<typeof URL>) {
        super(...args);
        parsed++;
      }
    } as typeof URL;
    try {
      for (let index = 0; index < 100; index++) {
        requestTarget(base, `/api/v2/networks/${index}/references/computeclusters.x%252Fc-${index}`, undefined);
      }
      expect(parsed).toBe(0);
      requestTarget(base, '/api/v2/networks/../x', undefined);
      requestTarget(base, '/api/v2/networks', { tag: 'a' });
      expect(parsed).toBe(2);
    } finally {
      globalThis.URL = Original;
    }
  });
});
