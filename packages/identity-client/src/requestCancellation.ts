/**
 * A cheap per-request cancellation handle. Generated clients return cancelable promises, so every request needs a
 * way to be cancelled, but almost none ever is: an `AbortController` per request (and the abort listeners undici
 * then registers on it) costs several microseconds a request. undici also accepts an EventEmitter that emits
 * `abort` as a request's `signal`; this is one, with almost no cost until it is used.
 */

import { EventEmitter } from 'node:events';

function noop(): void {}

/** Cancels one request when {@link RequestCancellation.cancel} is called. */
export class RequestCancellation extends EventEmitter {
  // Deliberately no `aborted` property: undici treats objects that have one as native AbortSignals.
  #cancelled = false;
  // onCancel listeners: kept here, not as EventEmitter listeners (a `once` wrapper and its removal per request cost
  // more than the request's own cancellation bookkeeping); `abort` is still emitted for EventEmitter users.
  #listeners: (() => void)[] | undefined;

  /** Whether {@link RequestCancellation.cancel} was called. */
  get cancelled(): boolean {
    return this.#cancelled;
  }

  /** Cancels the request (once; later calls do nothing). */
  cancel(): void {
    if (!this.#cancelled) {
      this.#cancelled = true;
      const listeners = this.#listeners;
      this.#listeners = undefined;
      if (listeners !== undefined) for (const listener of listeners) listener();
      this.emit('abort');
    }
  }

  /** Calls `listener` when the request is cancelled; returns a function that removes it. */
  onCancel(listener: () => void): () => void {
    if (this.#cancelled) return noop;
    this.#listeners ??= [];
    this.#listeners.push(listener);
    return () => {
      const listeners = this.#listeners;
      const index = listeners === undefined ? -1 : listeners.indexOf(listener);
      if (index !== -1) listeners?.splice(index, 1);
    };
  }
}
