/**
 * Where a request goes: the absolute URL `sendRequest` sends to, as `new URL(base + '/' + path)` plus the query
 * would build it. A plain path under a normalised base (the generated clients' case: escaped segments, no query) is
 * joined as a string, so a request does not parse a URL; anything else goes through `URL`. Both give the same bytes
 * (an oracle test checks the join against `URL` over hostile and ordinary paths).
 */

/** Query parameter values; arrays repeat the parameter, undefined values are skipped. */
export type QueryValue = string | number | boolean | readonly (string | number | boolean)[] | undefined;

/** The target of one request. */
export interface RequestTarget {
  /** `scheme://host[:port]`, as `URL.origin`. */
  readonly origin: string;
  /** Path and query, as `URL.pathname + URL.search`. */
  readonly path: string;
  /** The whole URL, as `URL.href`. */
  readonly href: string;
}

// Characters the WHATWG path parser keeps as they are (RFC 3986 pchar plus `/`); `%` stays as it is too.
const PLAIN_PATH = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/;
// `.` and `..` segments, also percent-encoded (`%2e`), which the parser would remove or resolve.
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i;

/** A base URL the join applies to: its origin and path prefix (no trailing slash). */
interface PlainBase {
  readonly origin: string;
  readonly prefix: string;
  readonly joined: string;
}

const MAX_BASES = 64;
// Per base URL string: how to join under it, or null when it is not normalised (then every request parses a URL).
const bases = new Map<string, PlainBase | null>();

function plainBase(baseUrl: string): PlainBase | null {
  const known = bases.get(baseUrl);
  if (known !== undefined) return known;
  const stripped = baseUrl.replace(/\/+$/, '');
  let base: PlainBase | null = null;
  try {
    const url = new URL(stripped);
    // Only a base that is already what the parser would print joins as a string: same bytes either way.
    const normalised = url.href === stripped || url.href === `${stripped}/`;
    const http = url.protocol === 'https:' || url.protocol === 'http:';
    if (normalised && http && url.search === '' && url.hash === '' && url.username === '' && url.password === '') {
      base = { origin: url.origin, prefix: url.pathname === '/' ? '' : url.pathname, joined: stripped };
    }
  } catch {
    // Not a URL: the URL path below throws the parser's own error.
  }
  if (bases.size >= MAX_BASES) bases.clear();
  bases.set(baseUrl, base);
  return base;
}

function hasQuery(query: Readonly<Record<string, QueryValue>> | undefined): boolean {
  if (query === undefined) return false;
  for (const name in query) {
    if (Object.hasOwn(query, name) && query[name] !== undefined) return true;
  }
  return false;
}

/** The target through `URL` (any base, path and query). */
export function parsedTarget(
  baseUrl: string,
  path: string,
  query: Readonly<Record<string, QueryValue>> | undefined,
): RequestTarget {
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined) {
      continue;
    }
    const values: readonly (string | number | boolean)[] = Array.isArray(value) ? value : [value];
    for (const item of values) {
      url.searchParams.append(name, String(item));
    }
  }
  return { origin: url.origin, path: `${url.pathname}${url.search}`, href: url.href };
}

/**
 * The target of `path` (relative, already percent-escaped; leading `/` allowed) under `baseUrl`, with `query`
 * appended (arrays repeat the key; undefined values are skipped).
 *
 * @throws TypeError (the URL parser's) when the result is not a valid URL.
 */
export function requestTarget(
  baseUrl: string,
  path: string,
  query: Readonly<Record<string, QueryValue>> | undefined,
): RequestTarget {
  const base = plainBase(baseUrl);
  if (base !== null && !hasQuery(query)) {
    let start = 0;
    while (path.charCodeAt(start) === 0x2f) start++;
    const relative = start === 0 ? path : path.slice(start);
    if (PLAIN_PATH.test(relative) && !DOT_SEGMENT.test(relative)) {
      const joinedPath = `${base.prefix}/${relative}`;
      return { origin: base.origin, path: joinedPath, href: `${base.joined}/${relative}` };
    }
  }
  return parsedTarget(baseUrl, path, query);
}
