/**
 * Walking an error's chain the way Go's `errors.As` does: the error itself, then what it wraps, depth first
 * (`cause`, and each member of an `AggregateError` in order, like Go's `Unwrap() []error`).
 */

import { APIError } from '../errors/apiError';

// Bounds a hostile or accidental cycle / fan-out; Go's chains are finite by construction.
const maxVisited = 256;

/** Every error reachable from `error` through `cause` and `AggregateError.errors`, depth first, each once. */
export function* errorChain(error: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  const stack: unknown[] = [error];
  while (stack.length > 0 && seen.size < maxVisited) {
    const current = stack.pop();
    if (current === undefined || current === null || seen.has(current)) {
      continue;
    }
    seen.add(current);
    yield current;
    if (current instanceof Error) {
      const wrapped: unknown[] = [];
      if (current instanceof AggregateError && Array.isArray(current.errors)) {
        wrapped.push(...current.errors);
      }
      if (current.cause !== undefined) {
        wrapped.unshift(current.cause);
      }
      for (let index = wrapped.length - 1; index >= 0; index--) {
        stack.push(wrapped[index]);
      }
    }
  }
}

/**
 * The first {@link APIError} (server-built or propagated from a downstream response) in `error`'s chain, like Go's
 * `errors.As(err, &*errors.Error)`; undefined when there is none.
 */
export function asAPIError(error: unknown): APIError | undefined {
  for (const link of errorChain(error)) {
    if (link instanceof APIError) {
      return link;
    }
  }
  return undefined;
}
