/**
 * Inbound `X-Principal` (identity `pkg/middleware/openapi` `extractPrincipal`).
 */

import type { X509Certificate } from 'node:crypto';
import { verifyAndDecode } from '@unikorn-cloud/core-client';
import { ImpersonateHeader, PrincipalHeader } from '../headers';
import { decodeUnpaddedBase64url, type Principal, principalFromJSON } from '../principal';
import type { ExtractedClientCertificate } from './clientCertificate';
import { PrincipalHeaderError, PrincipalVerificationError } from './errors';
import { GoJSONError, parseGoJSON } from './goJsonDecode';
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
    return parseGoJSON(bytes);
  } catch (cause) {
    const detail = cause instanceof GoJSONError && cause.message === 'exceeded max depth' ? 'exceeds max depth' : '';
    throw new PrincipalHeaderError(detail === '' ? 'principal header is not valid JSON' : `principal ${detail}`, {
      cause,
    });
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
 * Reads the principal sent by a certificate-authenticated caller (Go `extractPrincipal`). The caller's certificate
 * is only parsed when the principal is signed, as in Go.
 * @throws PrincipalHeaderError / PrincipalVerificationError (400 `principal propagation failure for authentication`).
 */
export async function readCallerPrincipal(
  headers: HeaderSource,
  caller: ExtractedClientCertificate,
): Promise<ExtractedPrincipal> {
  const normalized = normalizeHeaders(headers);
  const value = headerValue(normalized, PrincipalHeader);
  if (value === '') {
    throw new PrincipalHeaderError('principal header not present');
  }
  const bytes = decodeUnpaddedBase64url(value);
  if (bytes === undefined) {
    if (caller.certificate === undefined) {
      throw new PrincipalVerificationError(caller.parseError);
    }
    const principal = principalFromJSON(await verifySigned(value, caller.certificate));
    return { principal, impersonate: false, signed: true };
  }
  const principal = principalFromJSON(decodeJSON(bytes));
  const impersonate = headerValue(normalized, ImpersonateHeader) === 'true';
  if (impersonate && (principal.actor === undefined || principal.actor === '')) {
    throw new PrincipalHeaderError('impersonated principal actor missing');
  }
  return { principal, impersonate, signed: false };
}

/**
 * Reads the delegated principal of a request whose immediate caller presented `callerCertificate` (verified TLS
 * peer or ingress-verified `Ssl-Client-Cert`). Without a caller certificate the headers cannot be trusted and
 * undefined is returned (a server then derives the principal from its own authentication).
 *
 * - `X-Principal` missing → `header error: principal header not present`.
 * - Unpadded base64url → JSON principal (Go's `json.Unmarshal` rules: `null` is the empty principal, nesting over
 *   10,000 levels is refused); `X-Impersonate` exactly `true` flags impersonation and requires an actor
 *   (`header error: impersonated principal actor missing`).
 * - Anything else (a JWS, padded base64url, …) → verified as a JWS against `callerCertificate` (core
 *   `verifyAndDecode`), `X-Impersonate` ignored; failure → {@link PrincipalVerificationError}.
 * All errors are {@link InboundRequestError}s with status 400.
 */
export async function extractPrincipal(
  headers: HeaderSource,
  callerCertificate: X509Certificate | undefined,
): Promise<ExtractedPrincipal | undefined> {
  if (callerCertificate === undefined) {
    return undefined;
  }
  return readCallerPrincipal(headers, { value: '', certificate: callerCertificate, provenance: 'verified-peer' });
}
