/**
 * The typed error of a generated operation called with a missing or invalid parameter: raised before anything is
 * sent (Go's generated clients take typed arguments and cannot be called that way).
 */

import { UnikornError, type UnikornErrorOptions } from '@unikorn-cloud/core-client';

/**
 * A required parameter of an operation is missing, or a parameter has a value that cannot be sent (an object where a
 * string is expected). Message `invalid request parameter: getNetwork networkID: is required`; the value itself is
 * never quoted.
 */
export class RequestParameterError extends UnikornError {
  override readonly name = 'RequestParameterError';
  readonly code = 'ERR_REQUEST_PARAMETER';
  readonly sentinel = 'invalid request parameter';

  /**
   * @param operationId - The operation, e.g. `getNetwork`.
   * @param parameter - The parameter's wire name, e.g. `networkID`.
   * @param problem - What is wrong, e.g. `is required`.
   */
  constructor(
    readonly operationId: string,
    readonly parameter: string,
    readonly problem: string,
    options?: UnikornErrorOptions,
  ) {
    super(`invalid request parameter: ${operationId} ${parameter}: ${problem}`, options);
  }
}
