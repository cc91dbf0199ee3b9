/**
 * undici interceptors (`Dispatcher.compose` style: `(dispatch) => dispatch`) around a client's dispatcher.
 */

import { DelegatingDispatcher } from '@unikorn-cloud/core-client';
import type { Dispatcher } from 'undici';

/** An undici interceptor, e.g. one of `undici.interceptors` or your own `(dispatch) => (options, handler) => …`. */
export type DispatchInterceptor = Dispatcher.DispatcherComposeInterceptor;

/** Sends through `inner` wrapped by interceptors, in `compose` order (the last one given sees a request first). */
class InterceptedDispatcher extends DelegatingDispatcher {
  readonly #dispatch: Dispatcher.Dispatch;

  constructor(inner: Dispatcher, interceptors: readonly DispatchInterceptor[]) {
    super(inner);
    let dispatch: Dispatcher.Dispatch = inner.dispatch.bind(inner);
    for (const interceptor of interceptors) {
      dispatch = interceptor(dispatch);
    }
    this.#dispatch = dispatch;
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    return this.#dispatch(options, handler);
  }
}

/**
 * `dispatcher` wrapped by `interceptors` as `dispatcher.compose(...interceptors)` would, but `close()` and
 * `destroy()` still reach it. No interceptor → `dispatcher` itself.
 */
export function withInterceptors(
  dispatcher: Dispatcher,
  interceptors: readonly DispatchInterceptor[] = [],
): Dispatcher {
  return interceptors.length === 0 ? dispatcher : new InterceptedDispatcher(dispatcher, interceptors);
}
