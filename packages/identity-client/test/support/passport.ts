import { generateKeyPairSync, sign } from 'node:crypto';

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-521' });
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A passport as identity mints it: compact JWS, ES512, `typ` `passport`. */
export function mintPassport(
  claims: Record<string, unknown>,
  header: Record<string, unknown> = { alg: 'ES512', typ: 'JWT' },
): string {
  const input = `${b64(header)}.${b64(claims)}`;
  const signature = sign('sha512', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

/** Valid claims for `now` (seconds), like identity's: 60 s lifetime. */
export function passportClaims(nowMs: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(nowMs / 1000);
  return {
    iss: 'uni-identity',
    sub: 'user-1',
    iat: now,
    nbf: now,
    exp: now + 60,
    typ: 'passport',
    acctype: 'user',
    source: 'uni',
    org_ids: ['org-1', 'org-2'],
    src_iss: 'uni',
    ...overrides,
  };
}
