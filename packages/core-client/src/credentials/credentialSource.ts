/**
 * The reloading client-certificate source: a cached credential re-read lazily once the reload interval has
 * passed, with single-flight reloads, "serve the last good credential" on failure, capped exponential back-off
 * after failures, refusal of unusable replacements and typed lifecycle events.
 */

import { createHash } from 'node:crypto';
import { SecretFormatError } from '../errors/errors';
import type { ClientCredential } from './clientCredential';
import { type CredentialEvent, CredentialEventEmitter, type CredentialEventListener } from './credentialEvents';
import { secondsUntilExpiry } from './credentialExpiry';
import { type CredentialRefusal, leafValidityRefusal } from './credentialValidity';

/** A credential as held by a {@link ReloadingCredentialSource}: the client certificate plus, optionally, the CA. */
export interface SourcedCredential extends ClientCredential {
  /** PEM CA certificates to trust exclusively, when a CA secret is configured (reloaded at the same cadence). */
  ca?: string[];
}

/** Loads the credential; called once at creation and again on each due reload. */
export type CredentialLoader<T extends ClientCredential = SourcedCredential> = () => Promise<T>;

/** Back-off after failed or refused reloads: the n-th consecutive failure waits `min(initialMs · 2^(n-1), maxMs)`. */
export interface ReloadBackoffOptions {
  /** Wait after the first failure in milliseconds. Default {@link DEFAULT_RELOAD_BACKOFF.initialMs} (1 s). */
  initialMs?: number;
  /** Upper bound of the wait in milliseconds (also never more than the reload interval). Default 5 minutes. */
  maxMs?: number;
}

/** Default {@link ReloadBackoffOptions}: 1 s doubling up to 5 minutes. */
export const DEFAULT_RELOAD_BACKOFF: Readonly<Required<ReloadBackoffOptions>> = Object.freeze({
  initialMs: 1_000,
  maxMs: 5 * 60_000,
});

/** Reload policy of a {@link ReloadingCredentialSource}. */
export interface ReloadingCredentialSourceOptions {
  /** Reload interval in milliseconds; zero or negative means never reload. */
  intervalMs: number;
  /** Clock in epoch milliseconds for reload scheduling (default `Date.now`). */
  now?: () => number;
  /** Back-off after failed or refused reloads. */
  backoff?: ReloadBackoffOptions;
  /** Clock in epoch milliseconds for certificate validity checks (default `Date.now`, the system clock). */
  validityNow?: () => number;
}

/** Options of {@link ReloadingCredentialSource.refresh}. */
export interface RefreshOptions {
  /** Reload even when not due (and even when reloading is disabled). */
  force?: boolean;
}

/** Called after a reload produced a different credential. */
export type CredentialChangeListener<T> = (credential: T, epoch: number) => void;

/**
 * Where a TLS client's credential comes from, as the dispatcher and the signer see it. Implemented by
 * {@link ReloadingCredentialSource} (Secrets, reloaded lazily) and by the SPIFFE source (SVIDs pushed by the
 * Workload API stream).
 */
export interface CredentialSource<T extends ClientCredential = SourcedCredential> {
  /** The credential to present now (no I/O). */
  current(): T;
  /** Whether {@link CredentialSource.refresh} would fetch a new credential (callers then await it first). */
  isDue(): boolean;
  /** Fetches a new credential when due (shared by concurrent callers) and resolves with the current one. */
  refresh(options?: RefreshOptions): Promise<T>;
  /** Increments each time the credential (leaf or CA) changes; a new epoch means a new TLS identity. */
  readonly epoch: number;
  /** The most recent update failure, undefined after a successful update. */
  readonly lastError: unknown;
  /**
   * Registers a listener called when the credential changed (new epoch).
   *
   * @returns A function removing the listener.
   */
  onChange(listener: CredentialChangeListener<T>): () => void;
  /**
   * Registers a listener for every lifecycle event (reloaded, epoch changed, reload failed, refused).
   *
   * @returns A function removing the listener.
   */
  onEvent(listener: CredentialEventListener): () => void;
}

/** Identity of a credential: its leaf fingerprint, plus the CA certificates when it carries them. */
export function credentialIdentity(credential: ClientCredential & { ca?: readonly string[] }): string {
  if (!credential.ca) {
    return credential.fingerprint;
  }
  const caDigest = createHash('sha256').update(credential.ca.join('\n')).digest('hex');
  return `${credential.fingerprint}/${caDigest}`;
}

/**
 * Holds the current client credential and reloads it lazily (Go `reloadingCertificateSource`). Go differs between
 * versions here: released core reloads once the interval has passed, the SPIFFE line re-reads on every handshake.
 * We follow released core (interval, checked on the next request once due), so the Kubernetes API is never on the
 * request path:
 *
 * - created with one load (an error propagates);
 * - interval ≤ 0 → the first credential is served forever;
 * - before the next-check time → cached;
 * - once due → one reload shared by all concurrent callers; success replaces the credential and moves the
 *   next check to now + interval;
 * - a failed reload, or a replacement refused before the swap (expired, not yet valid, key not matching the
 *   certificate, unparsable), keeps serving the last good credential, as Go does, and moves the next check by a
 *   capped exponential back-off (reset by the next success). Go retries on the next TLS handshake instead; we back
 *   off so a broken Secret costs the Kubernetes API a few reads a minute, not one per request;
 * - every outcome is reported to {@link ReloadingCredentialSource.onEvent} listeners.
 */
export class ReloadingCredentialSource<T extends ClientCredential & { ca?: readonly string[] } = SourcedCredential>
  implements CredentialSource<T>
{
  #credential: T;
  #identity: string;
  #epoch = 0;
  #nextCheck: number;
  #inflight: Promise<T> | undefined;
  #lastError: unknown;
  #failures = 0;
  readonly #listeners = new Set<CredentialChangeListener<T>>();
  readonly #events = new CredentialEventEmitter();
  readonly #backoff: Required<ReloadBackoffOptions>;
  readonly #validityNow: () => number;

  private constructor(
    private readonly loader: CredentialLoader<T>,
    readonly intervalMs: number,
    private readonly now: () => number,
    initial: T,
    options: ReloadingCredentialSourceOptions,
  ) {
    this.#backoff = {
      initialMs: Math.max(1, options.backoff?.initialMs ?? DEFAULT_RELOAD_BACKOFF.initialMs),
      maxMs: Math.max(1, options.backoff?.maxMs ?? DEFAULT_RELOAD_BACKOFF.maxMs),
    };
    this.#validityNow = options.validityNow ?? Date.now;
    this.#credential = initial;
    this.#identity = credentialIdentity(initial);
    this.#nextCheck = intervalMs > 0 ? now() + intervalMs : Number.POSITIVE_INFINITY;
  }

  /**
   * Loads the credential once and returns a source serving it.
   *
   * @throws Whatever the first load throws.
   */
  static async create<T extends ClientCredential & { ca?: readonly string[] }>(
    loader: CredentialLoader<T>,
    options: ReloadingCredentialSourceOptions,
  ): Promise<ReloadingCredentialSource<T>> {
    const now = options.now ?? Date.now;
    const initial = await loader();
    return new ReloadingCredentialSource(loader, options.intervalMs, now, initial, options);
  }

  /** The cached credential (never triggers a load). */
  current(): T {
    return this.#credential;
  }

  /** Increments each time a reload yields a different credential (leaf fingerprint or CA). */
  get epoch(): number {
    return this.#epoch;
  }

  /** Consecutive failed or refused reloads (0 after a success). */
  get failures(): number {
    return this.#failures;
  }

  /** The error of the most recent failed reload, cleared by the next successful one. */
  get lastError(): unknown {
    return this.#lastError;
  }

  /** Whether the next {@link refresh} will reload (always false when reloading is disabled). */
  isDue(): boolean {
    return this.intervalMs > 0 && this.now() >= this.#nextCheck;
  }

  /**
   * The Go handshake callback: returns the cached credential, reloading first when due. Concurrent calls
   * share one reload (the same promise while it is in flight). A failed or refused reload resolves with the
   * cached credential (see {@link lastError}).
   */
  refresh(options: RefreshOptions = {}): Promise<T> {
    if (this.#inflight) {
      return this.#inflight;
    }
    if (!options.force && !this.isDue()) {
      return Promise.resolve(this.#credential);
    }
    const reload = this.#reload();
    this.#inflight = reload;
    return reload;
  }

  /**
   * Registers a listener called (synchronously, before waiting refresh callers resume) when a reload
   * yields a different credential. Listener errors are ignored.
   *
   * @returns A function removing the listener.
   */
  onChange(listener: CredentialChangeListener<T>): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /**
   * Registers a listener for lifecycle events. Listener errors are ignored.
   *
   * @returns A function removing the listener.
   */
  onEvent(listener: CredentialEventListener): () => void {
    return this.#events.on(listener);
  }

  async #reload(): Promise<T> {
    let loaded: T;
    try {
      loaded = await this.loader();
    } catch (error) {
      this.#lastError = error;
      const refusal: CredentialRefusal | undefined =
        error instanceof SecretFormatError
          ? { reason: /does not match/.test(error.message) ? 'key-mismatch' : 'malformed', detail: error.message }
          : undefined;
      this.#backOff(refusal, error);
      this.#inflight = undefined;
      return this.#credential;
    }
    const refusal = leafValidityRefusal(loaded.leaf, loaded.fingerprint, this.#validityNow());
    if (refusal) {
      this.#lastError = new SecretFormatError(`replacement refused: ${refusal.detail}`);
      this.#backOff(refusal, this.#lastError);
      this.#inflight = undefined;
      return this.#credential;
    }
    this.#lastError = undefined;
    this.#failures = 0;
    if (this.intervalMs > 0) {
      this.#nextCheck = this.now() + this.intervalMs;
    }
    const identity = credentialIdentity(loaded);
    const changed = identity !== this.#identity;
    this.#credential = loaded;
    if (changed) {
      this.#identity = identity;
      this.#epoch++;
    }
    this.#inflight = undefined;
    this.#events.emit({ type: 'reloaded', epoch: this.#epoch, changed, fingerprint: loaded.fingerprint });
    if (changed) {
      this.#events.emit({
        type: 'epoch-changed',
        epoch: this.#epoch,
        fingerprint: loaded.fingerprint,
        notAfter: loaded.leaf.validToDate,
      });
      this.#notify(loaded);
    }
    return loaded;
  }

  /** Schedules the next attempt after a failure or refusal and reports it. */
  #backOff(refusal: CredentialRefusal | undefined, error: unknown): void {
    this.#failures++;
    const { initialMs, maxMs } = this.#backoff;
    const cap = this.intervalMs > 0 ? Math.min(maxMs, this.intervalMs) : maxMs;
    const retryInMs = Math.min(initialMs * 2 ** Math.min(this.#failures - 1, 30), cap);
    if (this.intervalMs > 0) {
      this.#nextCheck = this.now() + retryInMs;
    }
    const event: CredentialEvent = refusal
      ? { type: 'refused', ...refusal, failures: this.#failures, retryInMs }
      : { type: 'reload-failed', error, failures: this.#failures, retryInMs };
    this.#events.emit(event);
    this.#events.emit({
      type: 'backing-off',
      failures: this.#failures,
      retryInMs,
      secondsUntilExpiry: secondsUntilExpiry(this.#credential.leaf, this.#validityNow()),
    });
  }

  #notify(credential: T): void {
    for (const listener of this.#listeners) {
      try {
        listener(credential, this.#epoch);
      } catch {
        // A listener must not break credential delivery.
      }
    }
  }
}
