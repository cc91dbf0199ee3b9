/**
 * How long the certificate a source serves stays valid: the number behind expiry alerts.
 */

import type { X509Certificate } from 'node:crypto';

/**
 * Seconds from `now` until `leaf` expires (its `notAfter`); negative once it has expired.
 *
 * @param now - Milliseconds since the epoch (default `Date.now()`).
 */
export function secondsUntilExpiry(leaf: Pick<X509Certificate, 'validToDate'>, now: number = Date.now()): number {
  return (leaf.validToDate.getTime() - now) / 1000;
}
