/**
 * SPIFFE IDs (`spiffe://<trust domain><path>`), parsed and validated like go-spiffe's `spiffeid.FromString`, with
 * its error texts.
 */

import type { X509Certificate } from 'node:crypto';

/** A validated SPIFFE ID. */
export interface SpiffeID {
  /** The whole ID, e.g. `spiffe://example.org/ns/unikorn-region/sa/region-server`. */
  readonly id: string;
  /** The trust domain name, e.g. `example.org`. */
  readonly trustDomain: string;
  /** The path, `''` or starting with `/`. */
  readonly path: string;
}

const SCHEME_PREFIX = 'spiffe://';

/** go-spiffe `spiffeid` error texts. */
const reasons = {
  badTrustDomainChar:
    'trust domain characters are limited to lowercase letters, numbers, dots, dashes, and underscores',
  badPathSegmentChar: 'path segment characters are limited to letters, numbers, dots, dashes, and underscores',
  dotSegment: 'path cannot contain dot segments',
  noLeadingSlash: 'path must have a leading slash',
  empty: 'cannot be empty',
  emptySegment: 'path cannot contain empty segments',
  missingTrustDomain: 'trust domain is missing',
  trailingSlash: 'path cannot have a trailing slash',
  wrongScheme: 'scheme is missing or invalid',
} as const;

const trustDomainChar = /^[a-z0-9._-]$/;
const pathSegmentChar = /^[a-zA-Z0-9._-]$/;

/** Checks a SPIFFE ID path (go-spiffe `ValidatePath`); returns the error text or undefined. */
function pathError(path: string): string | undefined {
  if (path === '') {
    return undefined;
  }
  if (!path.startsWith('/')) {
    return reasons.noLeadingSlash;
  }
  const segments = path.slice(1).split('/');
  for (const [index, segment] of segments.entries()) {
    if (segment === '') {
      return index === segments.length - 1 ? reasons.trailingSlash : reasons.emptySegment;
    }
    if (segment === '.' || segment === '..') {
      return reasons.dotSegment;
    }
    for (const char of segment) {
      if (!pathSegmentChar.test(char)) {
        return reasons.badPathSegmentChar;
      }
    }
  }
  return undefined;
}

/**
 * Parses a SPIFFE ID (go-spiffe `spiffeid.FromString`).
 *
 * @throws Error with go-spiffe's text, e.g. `scheme is missing or invalid` or `trust domain is missing`.
 */
export function parseSpiffeId(text: string): SpiffeID {
  if (text === '') {
    throw new Error(reasons.empty);
  }
  if (!text.startsWith(SCHEME_PREFIX)) {
    throw new Error(reasons.wrongScheme);
  }
  const rest = text.slice(SCHEME_PREFIX.length);
  const slash = rest.indexOf('/');
  const trustDomain = slash === -1 ? rest : rest.slice(0, slash);
  for (const char of trustDomain) {
    if (!trustDomainChar.test(char)) {
      throw new Error(reasons.badTrustDomainChar);
    }
  }
  if (trustDomain === '') {
    throw new Error(reasons.missingTrustDomain);
  }
  const path = slash === -1 ? '' : rest.slice(slash);
  const error = pathError(path);
  if (error !== undefined) {
    throw new Error(error);
  }
  return { id: text, trustDomain, path };
}

/**
 * The trust domain named by `text`: a SPIFFE ID (`spiffe://example.org/...`) or a bare name (`example.org`), like
 * go-spiffe `spiffeid.TrustDomainFromString` (the keys of the Workload API's `federated_bundles`).
 *
 * @throws Error with go-spiffe's text.
 */
export function parseTrustDomain(text: string): string {
  if (text === '') {
    throw new Error(reasons.missingTrustDomain);
  }
  if (text.includes(':/')) {
    return parseSpiffeId(text).trustDomain;
  }
  for (const char of text) {
    if (!trustDomainChar.test(char)) {
      throw new Error(reasons.badTrustDomainChar);
    }
  }
  return text;
}

/**
 * Every URI subject alternative name of a certificate, in order. Node prints names holding special characters as
 * JSON strings (`URI:"…"`); those are decoded.
 */
export function uriSANs(certificate: X509Certificate): string[] {
  const names = certificate.subjectAltName;
  if (names === undefined) {
    return [];
  }
  const uris: string[] = [];
  const entry = /(?:^|, )([A-Za-z ]+):("(?:[^"\\]|\\.)*"|[^,]*)/g;
  for (const match of names.matchAll(entry)) {
    if (match[1] !== 'URI') {
      continue;
    }
    const value = match[2];
    uris.push(value.startsWith('"') ? (JSON.parse(value) as string) : value);
  }
  return uris;
}

/**
 * The SPIFFE ID of an X509-SVID leaf: its single URI SAN (go-spiffe `x509svid` rules).
 *
 * @throws Error `leaf certificate contains no URI SAN`, `leaf certificate contains more than one URI SAN`, or a
 *   SPIFFE ID parse error.
 */
export function spiffeIdFromCertificate(leaf: X509Certificate): SpiffeID {
  const uris = uriSANs(leaf);
  if (uris.length === 0) {
    throw new Error('leaf certificate contains no URI SAN');
  }
  if (uris.length > 1) {
    throw new Error('leaf certificate contains more than one URI SAN');
  }
  return parseSpiffeId(uris[0]);
}
