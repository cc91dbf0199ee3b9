import type { HandlerResponse } from '@unikorn-cloud/testkit';
import { goJSON } from './goJson';

/** The `error` codes of the region API error body (UPSTREAM §3.1). */
export type RegionErrorCode =
  | 'invalid_request'
  | 'server_error'
  | 'access_denied'
  | 'not_found'
  | 'conflict'
  | 'method_not_allowed'
  | 'unsupported_media_type'
  | 'request_entity_too_large'
  | 'unprocessable_content'
  | 'forbidden';

/** The JSON error body a Go unikorn server writes. */
export interface RegionErrorBody {
  readonly error: RegionErrorCode;
  readonly error_description: string;
  readonly trace_id?: string;
}

/** Trace id used when the request carried no valid `traceparent` (an invalid OTel span context prints as zeros). */
export const zeroTraceId = '0'.repeat(32);

const traceparentPattern = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(?:-.*)?$/;

/**
 * The trace id of a W3C `traceparent` header, as the server's span would carry it; {@link zeroTraceId} when the
 * header is absent or invalid (version `ff`, all-zero trace or parent id, wrong shape; extra fields need version > 00).
 */
export function traceIdFromTraceparent(header: string | undefined): string {
  const match = header === undefined ? null : traceparentPattern.exec(header.trim());
  if (match === null) return zeroTraceId;
  const [whole, version, traceId, parentId] = match;
  const invalid =
    version === 'ff' ||
    traceId === zeroTraceId ||
    parentId === '0'.repeat(16) ||
    (version === '00' && whole.length !== 55);
  return invalid ? zeroTraceId : traceId;
}

/**
 * A Go `errors.HandleError` response: headers `Cache-Control: no-cache`, `Content-Type: application/json` (plus
 * `extraHeaders`), body `{"error","error_description","trace_id"}` in that order.
 */
export function errorResponse(
  status: number,
  code: RegionErrorCode,
  description: string,
  traceId: string,
  extraHeaders: Readonly<Record<string, string>> = {},
): HandlerResponse {
  const body: RegionErrorBody = { error: code, error_description: description, trace_id: traceId };
  return {
    status,
    headers: { 'Cache-Control': 'no-cache', 'Content-Type': 'application/json', ...extraHeaders },
    body: goJSON(body),
  };
}

/**
 * Go `errors.AccessDenied`: 401 `access_denied` with
 * `WWW-Authenticate: Bearer error="access_denied",error_description="<msg>",resource_metadata="https://<host>/.well-known/openid-protected-resource"`.
 */
export function accessDeniedResponse(host: string, description: string, traceId: string): HandlerResponse {
  const challenge =
    `Bearer error="access_denied",error_description="${description}",` +
    `resource_metadata="https://${host}/.well-known/openid-protected-resource"`;
  return errorResponse(401, 'access_denied', description, traceId, { 'WWW-Authenticate': challenge });
}
