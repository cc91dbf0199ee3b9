/**
 * A cheap per-request cancellation handle. Generated clients return cancelable promises, so every request needs a
 * way to be cancelled, but almost none ever is: an `AbortController` per request (and the abort listeners undici
 * then registers on it) costs several microseconds a request. undici also accepts an EventEmitter that emits
 * `abort` as a request's `signal`; this is one, with almost no cost until it is used.
 */

import { EventEmitter } from 'node:events';

/** Cancels one request when {@link RequestCancellation.cancel} is called. */
export class RequestCancellation extends EventEmitter {
  // Deliberately no `aborted` property: undici treats objects that have one as native AbortSignals.
  #cancelled = false;

  /** Whether {@link RequestCancellation.cancel} was called. */
  get cancelled(): boolean {
    return this.#cancelled;
  }

  /** Cancels the request (once; later calls do nothing). */
  cancel(): void {
    if (!this.#cancelled) {
      this.#cancelled = true;
      this.emit('abort');
    }
  }

  /** Calls `listener` when the request is cancelled; returns a function that removes it. */
  onCancel(listener: () => void): () => void {
    this.once('abort', listener);
    return () => this.removeListener('abort', listener);
  }
}
