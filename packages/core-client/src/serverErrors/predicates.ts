/**
 * Go core's error predicates: each is true when the first API error in the chain has that status (the code is not
 * compared, so a 401 propagated from a downstream response is also `isAccessDenied`). There is none for 500.
 */

import { asAPIError } from './errorChain';

function hasStatus(error: unknown, status: number): boolean {
  return asAPIError(error)?.status === status;
}

/** Go `IsBadRequest`: the first API error in the chain is a 400. */
export function isBadRequest(error: unknown): boolean {
  return hasStatus(error, 400);
}

/** Go `IsAccessDenied`: the first API error in the chain is a 401. */
export function isAccessDenied(error: unknown): boolean {
  return hasStatus(error, 401);
}

/** Go `IsForbidden`: the first API error in the chain is a 403. */
export function isForbidden(error: unknown): boolean {
  return hasStatus(error, 403);
}

/** Go `IsHTTPNotFound`: the first API error in the chain is a 404. */
export function isHTTPNotFound(error: unknown): boolean {
  return hasStatus(error, 404);
}

/** Go `IsMethodNotAllowed`: the first API error in the chain is a 405. */
export function isMethodNotAllowed(error: unknown): boolean {
  return hasStatus(error, 405);
}

/** Go `IsConflict`: the first API error in the chain is a 409. */
export function isConflict(error: unknown): boolean {
  return hasStatus(error, 409);
}

/** Go `IsRequestEntityTooLarge`: the first API error in the chain is a 413. */
export function isRequestEntityTooLarge(error: unknown): boolean {
  return hasStatus(error, 413);
}

/** Go `IsUnprocessableContent`: the first API error in the chain is a 422. */
export function isUnprocessableContent(error: unknown): boolean {
  return hasStatus(error, 422);
}
