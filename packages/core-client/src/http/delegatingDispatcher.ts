/**
 * The base of dispatcher wrappers (retries here; interceptors and telemetry in identity-client): `close()` and
 * `destroy()` act on the wrapped dispatcher.
 * (A class rather than `dispatcher.compose()`: compose returns a Proxy, on which methods of classes with private
 * fields, such as `CredentialDispatcher.close()`, throw.)
 */

import { Dispatcher } from 'undici';

/** A dispatcher that sends through `inner`; subclasses override `dispatch`. */
export abstract class DelegatingDispatcher extends Dispatcher {
  /** @param inner - The dispatcher requests are sent on, and that close/destroy reach. */
  constructor(readonly inner: Dispatcher) {
    super();
  }

  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | void {
    if (callback) {
      this.inner.close(callback);
      return;
    }
    return this.inner.close();
  }

  override destroy(err: Error | null, callback: () => void): void;
  override destroy(callback: () => void): void;
  override destroy(err: Error | null): Promise<void>;
  override destroy(): Promise<void>;
  override destroy(errOrCallback?: Error | null | (() => void), callback?: () => void): Promise<void> | void {
    const error = typeof errOrCallback === 'function' ? null : (errOrCallback ?? null);
    const done = typeof errOrCallback === 'function' ? errOrCallback : callback;
    if (done) {
      this.inner.destroy(error, done);
      return;
    }
    return this.inner.destroy(error);
  }
}
