/**
 * Client-side translation of an unexpected HTTP response into an error (Go `PropagateError`).
 */

import { APIError, type ErrorTextOptions, isErrorBody } from './apiError';
import { APIStatusError, TypeConversionError, type UnikornError } from './errors';

/** The parts of an HTTP response {@link propagateError} looks at. */
export interface ErrorResponse {
  /** HTTP status received. */
  status: number;
  /** Decoded body: a parsed JSON value, or anything else when the body was not JSON. */
  body: unknown;
  /** `Content-Type` header; when given, a body is only treated as JSON if this contains `json` (as Go does). */
  contentType?: string;
}

/**
 * Error statuses documented for the operation: a list of statuses, or a record keyed by status (for example
 * the operation's `errors` map from a generated client).
 */
export type DocumentedErrors = Iterable<number> | Readonly<Record<number, unknown>>;

function isDocumented(status: number, documentedErrors: DocumentedErrors): boolean {
  if (Symbol.iterator in documentedErrors) {
    for (const documented of documentedErrors as Iterable<number>) {
      if (Number(documented) === status) {
        return true;
      }
    }
    return false;
  }
  return Object.hasOwn(documentedErrors, String(status));
}

/**
 * Returns (does not throw) the error for a response whose status was not the expected one:
 * - status below 400 → `api status code unexpected: status code <n> not valid`;
 * - status not documented for the operation → `type conversion error: error field JSON<n> not defined`;
 * - body not a JSON error object → `type conversion error: error field JSON<n> not populated`;
 * - otherwise an {@link APIError} carrying the received status, code, description and trace ID (each cut to
 *   `options.maxTextLength`, default 1024 characters).
 */
export function propagateError(
  response: ErrorResponse,
  documentedErrors: DocumentedErrors,
  options: ErrorTextOptions = {},
): UnikornError {
  const { status, body, contentType } = response;
  if (status < 400) {
    return new APIStatusError(`status code ${status} not valid`);
  }
  if (!isDocumented(status, documentedErrors)) {
    return new TypeConversionError(`error field JSON${status} not defined`);
  }
  const decodedAsJSON = contentType === undefined || contentType.includes('json');
  if (!decodedAsJSON || !isErrorBody(body)) {
    return new TypeConversionError(`error field JSON${status} not populated`);
  }
  return APIError.fromBody(status, body, options);
}
