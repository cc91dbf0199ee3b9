import { generateKeyPairSync, type KeyObject, randomUUID, sign } from 'node:crypto';

/** An access token the test identity server issued (what its token endpoint exchanges for passports). */
export interface AccessTokenSeed {
  /** Subject (`sub`). */
  readonly subject: string;
  /** `user`, `service` or `system`; default `user`. */
  readonly acctype?: string;
  /** Organizations the subject belongs to (`org_ids`); exchanges scoped to any other organization are refused. */
  readonly organizationIds?: readonly string[];
  /** Email claim. */
  readonly email?: string;
  /** Issuer that authenticated the subject (`src_iss`); default `uni`. */
  readonly sourceIssuer?: string;
  /** Lifetime in ms; default one hour. */
  readonly lifetimeMs?: number;
}

interface AccessTokenRecord extends AccessTokenSeed {
  readonly expiresAt: number;
}

/** Passport lifetime as identity mints them: 60 s, capped at the source token's expiry. */
const passportLifetimeSeconds = 60;

/** Access tokens, the passport signing key and per-subject ACLs of the test identity server. */
export class TokenStore {
  private readonly tokens = new Map<string, AccessTokenRecord>();
  private readonly acls = new Map<string, Record<string, unknown>>();
  private readonly passportKey: KeyObject;

  constructor(private readonly clock: () => number) {
    this.passportKey = generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey;
  }

  /** Issues an opaque access token for `seed`. */
  issue(seed: AccessTokenSeed): string {
    const token = `uat-${randomUUID()}`;
    this.tokens.set(token, { ...seed, expiresAt: this.clock() + (seed.lifetimeMs ?? 3_600_000) });
    return token;
  }

  /** Forgets a token (later exchanges answer 401). */
  revoke(token: string): void {
    this.tokens.delete(token);
  }

  /** The live record of a token. */
  lookup(token: string): AccessTokenRecord | undefined {
    const record = this.tokens.get(token);
    return record !== undefined && record.expiresAt > this.clock() ? record : undefined;
  }

  /** Sets the ACL identity returns for `subject` (optionally only for one organization). */
  setACL(subject: string, acl: Record<string, unknown>, organizationId = ''): void {
    this.acls.set(JSON.stringify([subject, organizationId]), acl);
  }

  /** The ACL of `subject` for an organization (falling back to its global one), default empty. */
  acl(subject: string, organizationId = ''): Record<string, unknown> {
    return (
      this.acls.get(JSON.stringify([subject, organizationId])) ?? this.acls.get(JSON.stringify([subject, ''])) ?? {}
    );
  }

  /** A passport for `record` scoped to an organization and project, as identity mints it (ES512 JWS). */
  passport(
    record: AccessTokenRecord,
    organizationId: string,
    projectId: string,
  ): { passport: string; expiresIn: number } {
    const now = Math.floor(this.clock() / 1000);
    const exp = Math.min(now + passportLifetimeSeconds, Math.floor(record.expiresAt / 1000));
    const claims = {
      iss: 'uni-identity',
      sub: record.subject,
      aud: 'uni',
      iat: now,
      nbf: now,
      exp,
      jti: randomUUID(),
      typ: 'passport',
      acctype: record.acctype ?? 'user',
      source: 'uni',
      src_iss: record.sourceIssuer ?? 'uni',
      ...(record.email === undefined ? {} : { email: record.email }),
      org_ids: [...(record.organizationIds ?? [])],
      ...(organizationId === '' ? {} : { org_id: organizationId }),
      ...(projectId === '' ? {} : { project_id: projectId }),
    };
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const input = `${encode({ alg: 'ES512', typ: 'JWT' })}.${encode(claims)}`;
    const signature = sign('sha512', Buffer.from(input), { key: this.passportKey, dsaEncoding: 'ieee-p1363' });
    return { passport: `${input}.${signature.toString('base64url')}`, expiresIn: exp - now };
  }
}
