import {
  type APIError,
  type ErrorBody,
  type ErrorCode,
  renderError,
  ServerError,
  zeroTraceId,
} from '@unikorn-cloud/core-client';
import type { HandlerResponse } from '@unikorn-cloud/testkit';

export { zeroTraceId };

/** The `error` codes of a Unikorn API error body (core's enum). */
export type APIErrorCode = ErrorCode;

/** The JSON error body a Go unikorn server writes. */
export type APIErrorBody = ErrorBody;

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

/** The reply a Go server writes for `error` (core-client's `renderError`), as a testkit handler response. */
export function errorReply(error: APIError, traceId: string): HandlerResponse {
  const { status, headers, body } = renderError(error, { traceId });
  return { status, headers: Object.fromEntries(headers), body };
}

/** A Go-shaped error reply for a status the Go constructors do not cover (e.g. the test server's 501). */
export function customErrorReply(status: number, code: ErrorCode, description: string, traceId: string) {
  return errorReply(new ServerError({ status, errorCode: code, description }), traceId);
}
