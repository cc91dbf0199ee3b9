import type { X509Certificate } from 'node:crypto';
import { decodeRawURLBase64 } from '@unikorn-cloud/core-client';
import { compactVerify } from 'jose';

/**
 * The principal a caller propagated in `X-Principal` (identity's `principal.Principal`), as decoded JSON. Fields other
 * than these are kept as sent.
 */
export interface APIPrincipal {
  readonly organizationId?: string;
  readonly organizationIds?: readonly string[];
  readonly projectId?: string;
  readonly type?: string;
  readonly actor?: string;
  readonly [field: string]: unknown;
}

/** Outcome of reading `X-Principal`: the principal, or the 400 description the Go middleware would answer with. */
export type PrincipalResult =
  | { readonly ok: true; readonly principal: APIPrincipal; readonly signed: boolean; readonly impersonate: boolean }
  | { readonly ok: false; readonly description: string };

/** JWS algorithms a Go server accepts for a signed principal. */
export const principalAlgorithms = ['PS512', 'ES256', 'ES384'] as const;

const stringFields = ['organizationId', 'projectId', 'type', 'actor'] as const;

// Go json.Unmarshal into the Principal struct: a JSON object (or null) whose known fields have the right types.
function toPrincipal(json: string): APIPrincipal | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  for (const field of stringFields) {
    if (record[field] !== undefined && record[field] !== null && typeof record[field] !== 'string') return undefined;
  }
  const ids = record.organizationIds;
  if (ids !== undefined && ids !== null && !(Array.isArray(ids) && ids.every((id) => typeof id === 'string'))) {
    return undefined;
  }
  return record as APIPrincipal;
}

const invalid = (description: string): PrincipalResult => ({ ok: false, description });

/**
 * Reads `X-Principal` like identity's OpenAPI middleware (its principal step, after authentication and before authorisation): unpadded base64url JSON is taken as
 * is (with `X-Impersonate: true` requiring a non-empty actor); anything else is verified as a compact JWS against
 * `callerCertificate` (the immediate caller's certificate) with PS512/ES256/ES384 only, and `X-Impersonate` ignored.
 */
export async function readPrincipal(
  header: string | undefined,
  impersonateHeader: string | undefined,
  callerCertificate: X509Certificate,
): Promise<PrincipalResult> {
  if (header === undefined || header === '') return invalid('principal propagation failure for authentication');
  const json = decodeRawURLBase64(header)?.toString('utf8');
  if (json !== undefined) {
    const principal = toPrincipal(json);
    if (principal === undefined) return invalid('principal propagation failure for authentication');
    const impersonate = impersonateHeader === 'true';
    if (impersonate && (principal.actor ?? '') === '') return invalid('impersonation requires an actor');
    return { ok: true, principal, signed: false, impersonate };
  }
  try {
    const { payload } = await compactVerify(header, callerCertificate.publicKey, {
      algorithms: [...principalAlgorithms],
    });
    const principal = toPrincipal(new TextDecoder().decode(payload));
    if (principal === undefined) return invalid('principal propagation failure for authentication');
    return { ok: true, principal, signed: true, impersonate: false };
  } catch {
    return invalid('principal propagation failure for authentication');
  }
}
