/**
 * Caller mutators at the two documented positions of a client's chain: `first` runs before every built-in
 * mutator (it sees only the operation's headers), `last` runs after the principal mutator (it sees every header
 * and may read the credential lease). Built-in mutators replace same-named headers (`setHeader`), so a `first`
 * mutator cannot override trace context, certificate relay or principal headers.
 */

import type { RequestMutator } from '../mutators/types';

/** Extra mutators of a client, by position. */
export interface ExtraMutators {
  /** Run first, in order, before the access-token and trace-context mutators. */
  first?: readonly RequestMutator[];
  /** Run last, in order, after the principal mutator. */
  last?: readonly RequestMutator[];
}

/** `chain` with the extra mutators at their positions. No extras → `chain` itself. */
export function withExtraMutators(
  chain: readonly RequestMutator[],
  extra: ExtraMutators | undefined,
): readonly RequestMutator[] {
  if (extra === undefined || ((extra.first?.length ?? 0) === 0 && (extra.last?.length ?? 0) === 0)) return chain;
  return [...(extra.first ?? []), ...chain, ...(extra.last ?? [])];
}
