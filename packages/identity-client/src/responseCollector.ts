/**
 * Sends one request on a dispatcher and collects the whole response, with the dispatch API itself (undici handler
 * API v2) rather than `dispatcher.request()`: no body stream and no AbortSignal plumbing per request, and the
 * request can still be ended at any moment — by a timeout, the caller's signal or a cancellation — through the
 * dispatch controller.
 */

import type { Dispatcher } from '@unikorn-cloud/core-client';

/** A response read to the end. */
export interface CollectedResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

type Controller = Dispatcher.DispatchController;
type Headers = Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseStart']>>[2];

/** Collects one response; {@link ResponseCollector.abort} ends the request with the given error. */
export class ResponseCollector implements Dispatcher.DispatchHandler {
  readonly response: Promise<CollectedResponse>;
  #resolve!: (response: CollectedResponse) => void;
  #reject!: (error: unknown) => void;
  #controller: Controller | undefined;
  #abortedWith: Error | undefined;
  #done = false;
  #statusCode = 0;
  #headers: CollectedResponse['headers'] = {};
  readonly #chunks: Buffer[] = [];

  constructor() {
    this.response = new Promise<CollectedResponse>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  /** Whether the request finished (answered, failed or aborted). */
  get done(): boolean {
    return this.#done;
  }

  /** Ends the request with `error` (before it starts, or while it runs); nothing happens once it is done. */
  abort(error: Error): void {
    if (this.#done || this.#abortedWith !== undefined) return;
    this.#abortedWith = error;
    if (this.#controller !== undefined) this.#controller.abort(error);
    else this.#fail(error);
  }

  onRequestStart(controller: Controller): void {
    this.#controller = controller;
    if (this.#abortedWith !== undefined) controller.abort(this.#abortedWith);
  }

  onResponseStart(_controller: Controller, statusCode: number, headers: Headers): void {
    this.#statusCode = statusCode;
    this.#headers = headers as CollectedResponse['headers'];
  }

  onResponseData(_controller: Controller, chunk: Buffer): void {
    this.#chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.#done) return;
    this.#done = true;
    const text =
      this.#chunks.length === 1 ? this.#chunks[0]!.toString('utf8') : Buffer.concat(this.#chunks).toString('utf8');
    this.#resolve({ statusCode: this.#statusCode, headers: this.#headers, text });
  }

  onResponseError(_controller: Controller | null, error: Error): void {
    this.#fail(this.#abortedWith ?? error);
  }

  #fail(error: Error): void {
    if (this.#done) return;
    this.#done = true;
    this.#reject(error);
  }
}
