/**
 * The typed error requests receive when a dispatcher's graceful close ran past its deadline and aborted them.
 */

import { UnikornError, type UnikornErrorOptions } from './errors';

/** Default deadline of a graceful close: 10 seconds. */
export const DEFAULT_CLOSE_TIMEOUT_MS = 10_000;

/** A request still running at the close deadline was aborted. Message `dispatcher closed: aborted after <n>ms`. */
export class DispatcherCloseTimeoutError extends UnikornError {
  override readonly name = 'DispatcherCloseTimeoutError';
  readonly code = 'ERR_DISPATCHER_CLOSE_TIMEOUT';
  readonly sentinel = 'dispatcher closed';

  /** @param timeoutMs - The deadline that elapsed. */
  constructor(
    readonly timeoutMs: number,
    options?: UnikornErrorOptions,
  ) {
    super(`dispatcher closed: request aborted after the ${timeoutMs}ms close deadline`, options);
  }
}
