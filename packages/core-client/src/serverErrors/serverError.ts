/**
 * The error a Unikorn server replies with (Go core `pkg/server/errors.Error`): an HTTP status, a terse `error` code,
 * a description, extra response headers, an internal cause (logged, never sent) and log values.
 */

import { APIError, type ErrorCode } from '../errors/apiError';
import type { UnikornErrorOptions } from '../errors/errors';

/** Fields of a {@link ServerError}. */
export interface ServerErrorInit {
  /** HTTP status of the reply. */
  status: number;
  /** Wire `error` code. */
  errorCode: ErrorCode;
  /** Wire `error_description`; also the error message (Go's `Error()`). */
  description: string;
  /** Extra response headers, written after `Cache-Control` and `Content-Type`. */
  headers?: Readonly<Record<string, string>>;
}

/**
 * An error a server writes as its reply. It is an {@link APIError} (as in Go, one type serves both directions), so
 * {@link handleError} also writes an `APIError` propagated from a downstream call, and `instanceof APIError` holds
 * for both. The message is the description; the cause ({@link ServerError.withError}) is only ever logged.
 */
export class ServerError extends APIError {
  override readonly name: string = 'ServerError';
  private headerList: (readonly [string, string])[] = [];
  private logValues: readonly unknown[] = [];

  /** Builds a server error; prefer the constructors (`httpForbidden(…)`, `accessDenied(…)`, …). */
  constructor(init: ServerErrorInit, options?: UnikornErrorOptions) {
    super({ status: init.status, errorCode: init.errorCode, description: init.description }, options);
    for (const [name, value] of Object.entries(init.headers ?? {})) {
      this.withHeader(name, value);
    }
  }

  /** Extra response headers in the order set (Go's error-specific `http.Header`). */
  get headers(): readonly (readonly [string, string])[] {
    return this.headerList;
  }

  /** Key/value pairs for the log (Go `WithValues`); never sent. */
  get values(): readonly unknown[] {
    return this.logValues;
  }

  /** Records the internal cause (Go `WithError`): it is logged and reachable as `cause`, never written. */
  withError(cause: unknown): this {
    Object.defineProperty(this, 'cause', { value: cause, writable: true, configurable: true, enumerable: false });
    return this;
  }

  /** Replaces the log values (Go `WithValues`: each call replaces the previous set). */
  withValues(...values: unknown[]): this {
    this.logValues = values;
    return this;
  }

  /** Sets a response header, replacing an earlier one of the same name (names compare case-insensitively). */
  withHeader(name: string, value: string): this {
    const lower = name.toLowerCase();
    this.headerList = [...this.headerList.filter(([existing]) => existing.toLowerCase() !== lower), [name, value]];
    return this;
  }
}
