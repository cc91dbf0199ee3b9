/**
 * Credential leases: the one credential snapshot a request uses from start to end. A request takes a lease
 * before its mutators run, signs with the lease's key and is sent on the connection pool of the lease's epoch,
 * so a signed principal always matches the certificate of the connection carrying it, even when a rotation
 * happens in between.
 */

import type { Dispatcher } from 'undici';
import type { SourcedCredential } from '../credentials/credentialSource';
import type { SigningKeys } from '../credentials/plugin';

/** The credential snapshot of one request. Release it once the request ended (idempotent). */
export interface CredentialLease {
  /** The credential epoch of this snapshot. */
  readonly epoch: number;
  /** The client credential of this epoch, or undefined when no client certificate is configured. */
  readonly credential: SourcedCredential | undefined;
  /** Which keys may sign principals with this credential. */
  readonly signingKeys: SigningKeys;
  /** Ends the lease: the connection pool of a retired epoch closes once no lease holds it. */
  release(): void;
}

/** Options of {@link CredentialLeaser.lease}. */
export interface LeaseOptions {
  /**
   * Most milliseconds this request waits for a due reload (never more than the dispatcher's `reloadWaitMs`); then
   * it goes ahead on the last good credential. A transport passes part of the request's timeout here.
   */
  maxWaitMs?: number;
}

/** Something that hands out credential leases (core's `CredentialDispatcher`). */
export interface CredentialLeaser {
  /**
   * The snapshot a new request uses: waits (bounded, shared by every request) for a due reload first, and answers
   * synchronously when nothing is due.
   *
   * @throws undici `ClientClosedError` / `ClientDestroyedError` once the dispatcher is closing or destroyed.
   */
  lease(options?: LeaseOptions): CredentialLease | Promise<CredentialLease>;
}

/** Dispatch-option key carrying the lease a request is pinned to (survives undici's option spreading). */
export const CREDENTIAL_LEASE: unique symbol = Symbol.for('@unikorn-cloud/core-client/credential-lease');

/** Dispatch options pinned to `lease`: the dispatcher sends them on the lease's connection pool. */
export function withCredentialLease<T extends Dispatcher.DispatchOptions>(options: T, lease: CredentialLease): T {
  return { ...options, [CREDENTIAL_LEASE]: lease };
}

/** The lease the dispatch options are pinned to, if any. */
export function credentialLeaseOf(options: Dispatcher.DispatchOptions): CredentialLease | undefined {
  return (options as { [CREDENTIAL_LEASE]?: CredentialLease })[CREDENTIAL_LEASE];
}
