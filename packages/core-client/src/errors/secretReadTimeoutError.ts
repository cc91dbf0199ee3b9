/**
 * The typed failure of a Secret read that got no answer in time (a slow or hung Kubernetes API).
 */

import { UnikornError, type UnikornErrorOptions } from './errors';

/** Default bound of one Secret read: 10 seconds. */
export const DEFAULT_SECRET_READ_TIMEOUT_MS = 10_000;

/** A Secret read was aborted after its timeout. Message `reading Secret <ns>/<name>: no answer within <n>ms`. */
export class SecretReadTimeoutError extends UnikornError {
  override readonly name = 'SecretReadTimeoutError';
  readonly code = 'ERR_SECRET_READ_TIMEOUT';
  readonly sentinel = 'reading Secret';

  /** @param message - The full message (names the Secret, never its content). */
  constructor(message: string, options?: UnikornErrorOptions) {
    super(message, options);
  }
}
