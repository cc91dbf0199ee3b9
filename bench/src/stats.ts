/** Small statistics helpers. */

/** The q-quantile (0…1) of `values` by nearest rank; NaN when empty. Sorts a copy. */
export function quantile(values: Float64Array | readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

/** The median of `values`; NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * A distribution-free confidence interval (default 95 %) of the median of `values`: the order statistics the sign
 * test gives, so it assumes nothing about the spread. `undefined` for fewer than six values (no such interval exists).
 */
export function medianInterval(values: readonly number[], confidence = 0.95): readonly [number, number] | undefined {
  const n = values.length;
  const tail = (1 - confidence) / 2;
  // Largest k with P(X ≤ k - 1) ≤ tail for X ~ Binomial(n, 1/2): the interval is [x(k), x(n + 1 - k)], 1-based.
  let term = 0.5 ** n;
  let below = 0;
  let k = 0;
  while (below + term <= tail) {
    below += term;
    k += 1;
    term = (term * (n - k + 1)) / k;
  }
  if (k === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return [sorted[k - 1], sorted[n - k]];
}
