/**
 * Inbound `X-Principal` (identity `pkg/middleware/openapi` `extractPrincipal`).
 */

import type { X509Certificate } from 'node:crypto';
import { verifyAndDecode } from '@unikorn-cloud/core-client';
import { ImpersonateHeader, PrincipalHeader } from '../headers';
import { decodeUnpaddedBase64url, type Principal, principalFromJSON } from '../principal';
import { PrincipalHeaderError, PrincipalVerificationError } from './errors';
import { type HeaderSource, headerValue, normalizeHeaders } from './headers';

/** A principal received from a trusted (mTLS-authenticated) caller. */
export interface ExtractedPrincipal {
  /** The delegated principal. */
  principal: Principal;
  /** True when `X-Impersonate: true` accompanied an unsigned principal. */
  impersonate: boolean;
  /** True when the principal was a JWS verified against the caller's certificate (controller path). */
  signed: boolean;
}

function decodeJSON(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (cause) {
    throw new PrincipalHeaderError('principal header is not valid JSON', { cause });
  }
}

async function verifySigned(token: string, callerCertificate: X509Certificate): Promise<unknown> {
  try {
    return await verifyAndDecode<unknown>(token, callerCertificate);
  } catch (cause) {
    throw new PrincipalVerificationError(cause);
  }
}

/**
 * Reads the delegated principal of a request whose immediate caller presented `callerCertificate` (verified TLS
 * peer or ingress-verified `Ssl-Client-Cert`). Without a caller certificate the headers cannot be trusted and
 * undefined is returned (a server then derives the principal from its own authentication).
 *
 * - `X-Principal` missing → `header error: principal header not present`.
 * - Unpadded base64url → JSON principal; `X-Impersonate` exactly `true` flags impersonation and requires an
 *   actor (`header error: impersonated principal actor missing`).
 * - Anything else (a JWS, padded base64url, …) → verified as a JWS against `callerCertificate` (core
 *   `verifyAndDecode`), `X-Impersonate` ignored; failure → {@link PrincipalVerificationError}.
 * All errors are {@link InboundRequestError}s with `httpStatus` 400.
 */
export async function extractPrincipal(
  headers: HeaderSource,
  callerCertificate: X509Certificate | undefined,
): Promise<ExtractedPrincipal | undefined> {
  if (callerCertificate === undefined) {
    return undefined;
  }
  const normalized = normalizeHeaders(headers);
  const value = headerValue(normalized, PrincipalHeader);
  if (value === '') {
    throw new PrincipalHeaderError('principal header not present');
  }
  const bytes = decodeUnpaddedBase64url(value);
  if (bytes === undefined) {
    const principal = principalFromJSON(await verifySigned(value, callerCertificate));
    return { principal, impersonate: false, signed: true };
  }
  const principal = principalFromJSON(decodeJSON(bytes));
  const impersonate = headerValue(normalized, ImpersonateHeader) === 'true';
  if (impersonate && (principal.actor === undefined || principal.actor === '')) {
    throw new PrincipalHeaderError('impersonated principal actor missing');
  }
  return { principal, impersonate, signed: false };
}
