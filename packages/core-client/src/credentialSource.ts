/**
 * The reloading client-certificate source (Go §1.3): a cached credential re-read lazily once the reload
 * interval has passed, with single-flight reloads and "serve the last good credential" on failure.
 */

import { createHash } from 'node:crypto';
import type { ClientCredential } from './secrets';

/** A credential as held by a {@link ReloadingCredentialSource}: the client certificate plus, optionally, the CA. */
export interface SourcedCredential extends ClientCredential {
  /** PEM CA certificates to trust exclusively, when a CA secret is configured (reloaded at the same cadence). */
  ca?: string[];
}

/** Loads the credential; called once at creation and again on each due reload. */
export type CredentialLoader<T extends ClientCredential = SourcedCredential> = () => Promise<T>;

/** Reload policy of a {@link ReloadingCredentialSource}. */
export interface ReloadingCredentialSourceOptions {
  /** Reload interval in milliseconds; zero or negative means never reload. */
  intervalMs: number;
  /** Clock in epoch milliseconds (default `Date.now`). */
  now?: () => number;
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
 * Holds the current client credential and reloads it lazily (Go `reloadingCertificateSource`):
 *
 * - created with one load (an error propagates);
 * - interval ≤ 0 → the first credential is served forever;
 * - before the next-check time → cached;
 * - once due → one reload shared by all concurrent callers; success replaces the credential and moves the
 *   next check to now + interval; failure serves the cached credential and does not move the next check,
 *   so the next caller retries.
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
  readonly #listeners = new Set<CredentialChangeListener<T>>();

  private constructor(
    private readonly loader: CredentialLoader<T>,
    readonly intervalMs: number,
    private readonly now: () => number,
    initial: T,
  ) {
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
    return new ReloadingCredentialSource(loader, options.intervalMs, now, initial);
  }

  /** The cached credential (never triggers a load). */
  current(): T {
    return this.#credential;
  }

  /** Increments each time a reload yields a different credential (leaf fingerprint or CA). */
  get epoch(): number {
    return this.#epoch;
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
   * share one reload. A failed reload resolves with the cached credential (see {@link lastError}).
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

  async #reload(): Promise<T> {
    try {
      const loaded = await this.loader();
      this.#lastError = undefined;
      if (this.intervalMs > 0) {
        this.#nextCheck = this.now() + this.intervalMs;
      }
      const identity = credentialIdentity(loaded);
      this.#credential = loaded;
      if (identity !== this.#identity) {
        this.#identity = identity;
        this.#epoch++;
        this.#notify(loaded);
      }
      return loaded;
    } catch (error) {
      this.#lastError = error;
      return this.#credential;
    } finally {
      this.#inflight = undefined;
    }
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
