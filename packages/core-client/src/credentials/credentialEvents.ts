/**
 * Typed credential lifecycle events: what a credential source did and why, without any key or certificate
 * material (only SHA-256 fingerprints, epochs and validity dates). Metrics, logs and tracing build on these.
 */

/** Why a loaded replacement credential was not swapped in (the last good credential is kept). */
export type CredentialRefusalReason = 'expired' | 'not-yet-valid' | 'key-mismatch' | 'malformed';

/** A reload attempt finished and the loaded credential is now served (`changed`: it differs from the last one). */
export interface CredentialReloadedEvent {
  readonly type: 'reloaded';
  /** The epoch served after the reload. */
  readonly epoch: number;
  /** Whether the credential (leaf or CA) differs from the one served before. */
  readonly changed: boolean;
  /** SHA-256 of the served leaf certificate (DER), lowercase hex. */
  readonly fingerprint: string;
}

/** The credential moved to a new epoch: connections and signatures use the new credential from now on. */
export interface CredentialEpochChangedEvent {
  readonly type: 'epoch-changed';
  /** The new epoch. */
  readonly epoch: number;
  /** SHA-256 of the new leaf certificate (DER), lowercase hex. */
  readonly fingerprint: string;
  /** The new leaf's `notAfter`. */
  readonly notAfter: Date;
}

/** A reload attempt failed (Kubernetes error, timeout, …); the last good credential is served meanwhile. */
export interface CredentialReloadFailedEvent {
  readonly type: 'reload-failed';
  /** The failure (already free of response bodies and key material). */
  readonly error: unknown;
  /** Consecutive failed or refused attempts, this one included. */
  readonly failures: number;
  /** How long the source backs off before the next attempt (milliseconds). */
  readonly retryInMs: number;
}

/** A reload produced a credential that is unusable; it was refused before the swap and the last good one is kept. */
export interface CredentialRefusedEvent {
  readonly type: 'refused';
  /** Why the replacement was refused. */
  readonly reason: CredentialRefusalReason;
  /** A short, safe explanation (dates, fingerprints; never key or certificate material). */
  readonly detail: string;
  /** Consecutive failed or refused attempts, this one included. */
  readonly failures: number;
  /** How long the source backs off before the next attempt (milliseconds). */
  readonly retryInMs: number;
}

/**
 * After a failed or refused reload: the source serves the last good credential and waits before the next attempt.
 * Follows every `reload-failed` and `refused` event of a reloading (Secret) source.
 */
export interface CredentialBackingOffEvent {
  readonly type: 'backing-off';
  /** Consecutive failed or refused attempts so far. */
  readonly failures: number;
  /** How long the source waits before the next attempt (milliseconds). */
  readonly retryInMs: number;
  /** Seconds until the certificate still served expires (negative once it has expired). */
  readonly secondsUntilExpiry: number;
}

/** Every credential lifecycle event; switch on `type`. New members may be added in minor releases. */
export type CredentialEvent =
  | CredentialReloadedEvent
  | CredentialEpochChangedEvent
  | CredentialReloadFailedEvent
  | CredentialRefusedEvent
  | CredentialBackingOffEvent;

/** Receives credential lifecycle events. Called synchronously; errors it throws are ignored. */
export type CredentialEventListener = (event: CredentialEvent) => void;

/** A small listener set shared by the credential sources: `on` subscribes, `emit` delivers to each listener. */
export class CredentialEventEmitter {
  readonly #listeners = new Set<CredentialEventListener>();

  /**
   * Subscribes `listener`.
   *
   * @returns A function removing the listener.
   */
  on(listener: CredentialEventListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Delivers `event` to every listener; a listener error never breaks credential delivery. */
  emit(event: CredentialEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A listener must not break credential delivery.
      }
    }
  }
}
