/**
 * Passport decoding as Go's remote authorizer does it (`decodePassportClaims`): the signature is not verified (the
 * passport came over the mTLS channel from identity), but the shape, algorithm, type, required claims and times are.
 */

import { decodeRawURLBase64, UnikornError, type UnikornErrorOptions } from '@unikorn-cloud/core-client';

/** The passport claims the authorizer uses. */
export interface PassportClaims {
  sub: string;
  /** Expiry, seconds since the epoch (whole seconds, as Go's NumericDate). */
  exp: number;
  nbf?: number;
  typ: string;
  acctype: string;
  source: string;
  email?: string;
  orgIds?: string[];
  srcIss: string;
}

/** `passport invalid: <detail>` (Go `ErrPassportInvalid`). */
export class PassportError extends UnikornError {
  override readonly name = 'PassportError';
  readonly code = 'ERR_PASSPORT_INVALID';
  readonly sentinel = 'passport invalid';

  constructor(detail: string, options?: UnikornErrorOptions) {
    super(`passport invalid: ${detail}`, options);
  }
}

// go-jose trims trailing '=' before its raw URL decode.
function part(text: string): Buffer {
  const decoded = decodeRawURLBase64(text.replace(/=+$/, ''));
  if (decoded === undefined) throw new PassportError('illegal base64 data');
  return decoded;
}

function json(bytes: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (cause) {
    throw new PassportError('invalid JSON', { cause });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PassportError('json: cannot unmarshal into claims');
  }
  return value as Record<string, unknown>;
}

function stringClaim(claims: Record<string, unknown>, name: string): string {
  const value = claims[name];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new PassportError(`json: cannot unmarshal ${name} into a string`);
  return value;
}

function dateClaim(claims: Record<string, unknown>, name: string): number | undefined {
  const value = claims[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new PassportError(`invalid NumericDate ${name}`);
  return Math.trunc(value);
}

/**
 * Decodes and checks a passport at `nowMs`, in Go's order: compact JWS with `alg` `ES512` only, claims JSON, `typ`
 * `passport`, `sub` and `exp`, `acctype` and `source`, then `exp` strictly after now and `nbf` not after now.
 * @throws PassportError with Go's text.
 */
export function decodePassport(passport: string, nowMs: number): PassportClaims {
  const parts = passport.split('.');
  if (parts.length !== 3) throw new PassportError('go-jose/go-jose: compact JWS format must have three parts');
  const header = json(part(parts[0]));
  if (header.alg !== 'ES512') throw new PassportError('go-jose/go-jose: unexpected signature algorithm');
  const claims = json(part(parts[1]));
  part(parts[2]);
  const audience = claims.aud;
  if (audience !== undefined && audience !== null && typeof audience !== 'string' && !Array.isArray(audience)) {
    throw new PassportError('go-jose/go-jose/jwt: expected string or array value to unmarshal to Audience');
  }
  const typ = stringClaim(claims, 'typ');
  const sub = stringClaim(claims, 'sub');
  const exp = dateClaim(claims, 'exp');
  const nbf = dateClaim(claims, 'nbf');
  const acctype = stringClaim(claims, 'acctype');
  const source = stringClaim(claims, 'source');
  const email = stringClaim(claims, 'email');
  const srcIss = stringClaim(claims, 'src_iss');
  const orgIds = claims.org_ids;
  if (
    orgIds !== undefined &&
    orgIds !== null &&
    !(Array.isArray(orgIds) && orgIds.every((id) => typeof id === 'string' || id === null))
  ) {
    throw new PassportError('json: cannot unmarshal org_ids into a string list');
  }
  if (typ !== 'passport') throw new PassportError(`unexpected token type ${JSON.stringify(typ)}`);
  if (sub === '' || exp === undefined) throw new PassportError('passport missing required claims');
  if (acctype === '' || source === '') throw new PassportError('passport missing required identity metadata');
  if (!(exp * 1000 > nowMs)) throw new PassportError('passport has expired');
  if (nbf !== undefined && nbf * 1000 > nowMs) throw new PassportError('passport is not yet valid');
  return {
    sub,
    exp,
    nbf,
    typ,
    acctype,
    source,
    email: email === '' ? undefined : email,
    orgIds: Array.isArray(orgIds) ? orgIds.map((id: string | null) => id ?? '') : undefined,
    srcIss,
  };
}

/** Go `cacheTTL`: `exp − now − 10 s`, in ms (not cached when ≤ 0). */
export function passportCacheTtlMs(claims: PassportClaims, nowMs: number): number {
  return claims.exp * 1000 - nowMs - 10_000;
}
