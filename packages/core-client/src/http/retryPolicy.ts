/**
 * Opt-in retries of idempotent requests, built on undici's own `interceptors.retry` (RetryHandler): this module
 * only supplies the retry decision (which requests, which failures, how long to wait — capped exponential backoff
 * with jitter, or the server's `Retry-After`).
 */

import { type Dispatcher, interceptors, type RetryHandler } from 'undici';
import { DelegatingDispatcher } from './delegatingDispatcher';
import { ForwardingHandler } from './forwardingHandler';

/** When and how often to retry a request. Every field is optional; see {@link defaultRetryPolicy}. */
export interface RetryPolicy {
  /** Retries after the first attempt (so at most `maxRetries + 1` attempts). Default 3. */
  maxRetries?: number;
  /** Backoff before the first retry in milliseconds; doubles on each further retry. Default 250. */
  minDelayMs?: number;
  /** Upper bound of every wait in milliseconds, including one asked for by `Retry-After`. Default 5000. */
  maxDelayMs?: number;
  /** Randomise each backoff within [half, all] of its value ("equal jitter"). Default true. */
  jitter?: boolean;
  /** Response statuses that are retried. Default 502, 503, 504. */
  statusCodes?: readonly number[];
  /** Methods that may be retried. Default GET, PUT, DELETE, HEAD, OPTIONS (never POST or PATCH). */
  methods?: readonly string[];
  /** Connection error codes that are retried. Default see {@link defaultRetryPolicy}. */
  errorCodes?: readonly string[];
}

/** A {@link RetryPolicy} with every field filled in. */
export type ResolvedRetryPolicy = Required<RetryPolicy>;

/** The policy used for fields a {@link RetryPolicy} leaves out (and for `withRetry(dispatcher, true)`). */
export const defaultRetryPolicy: Readonly<ResolvedRetryPolicy> = Object.freeze({
  maxRetries: 3,
  minDelayMs: 250,
  maxDelayMs: 5_000,
  jitter: true,
  statusCodes: Object.freeze([502, 503, 504]),
  methods: Object.freeze(['GET', 'PUT', 'DELETE', 'HEAD', 'OPTIONS']),
  errorCodes: Object.freeze([
    'ECONNRESET',
    'ECONNREFUSED',
    'ECONNABORTED',
    'EPIPE',
    'ETIMEDOUT',
    'ENETUNREACH',
    'EHOSTUNREACH',
    'EAI_AGAIN',
    'UND_ERR_SOCKET',
    'UND_ERR_CONNECT_TIMEOUT',
  ]),
});

/** Fills the left-out fields of `policy` from {@link defaultRetryPolicy}; counts and delays are clamped to ≥ 0. */
export function resolveRetryPolicy(policy: RetryPolicy = {}): ResolvedRetryPolicy {
  const nonNegative = (value: number | undefined, fallback: number) =>
    value === undefined || Number.isNaN(value) ? fallback : Math.max(0, value);
  const minDelayMs = nonNegative(policy.minDelayMs, defaultRetryPolicy.minDelayMs);
  return {
    maxRetries: Math.floor(nonNegative(policy.maxRetries, defaultRetryPolicy.maxRetries)),
    minDelayMs,
    maxDelayMs: Math.max(minDelayMs, nonNegative(policy.maxDelayMs, defaultRetryPolicy.maxDelayMs)),
    jitter: policy.jitter ?? defaultRetryPolicy.jitter,
    statusCodes: [...(policy.statusCodes ?? defaultRetryPolicy.statusCodes)],
    methods: (policy.methods ?? defaultRetryPolicy.methods).map((method) => method.toUpperCase()),
    errorCodes: [...(policy.errorCodes ?? defaultRetryPolicy.errorCodes)],
  };
}

/**
 * The wait a `Retry-After` header asks for, in milliseconds: delay-seconds (`120`) or an HTTP date (a date in the
 * past means 0).
 *
 * @returns undefined when the header is absent or not understood.
 */
export function parseRetryAfterMs(
  value: string | readonly string[] | undefined,
  now: number = Date.now(),
): number | undefined {
  const text = (typeof value === 'string' ? value : value?.[0])?.trim();
  if (!text) {
    return undefined;
  }
  if (/^\d+$/.test(text)) {
    return Number(text) * 1000;
  }
  // HTTP-date forms all start with a day name (`Sun, 06 Nov 1994 08:49:37 GMT`); Date.parse alone accepts `-5`.
  const date = /^[A-Za-z]{3}/.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * How long to wait before retry number `retry` (1 for the first): the `Retry-After` wait when given, else
 * `minDelayMs · 2^(retry-1)`, jittered into [half, all] of itself when `jitter` is on; both capped at `maxDelayMs`.
 *
 * @param random - Source of randomness in [0, 1) (default `Math.random`).
 */
export function retryDelayMs(
  policy: ResolvedRetryPolicy,
  retry: number,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) {
    return Math.min(retryAfterMs, policy.maxDelayMs);
  }
  const backoff = Math.min(policy.minDelayMs * 2 ** Math.max(0, retry - 1), policy.maxDelayMs);
  return policy.jitter ? backoff / 2 + (random() * backoff) / 2 : backoff;
}

/** What undici's RetryHandler passes to the retry callback for a failed attempt. */
interface AttemptFailure {
  /** Set for a retryable-looking response (undici `RequestRetryError`). */
  statusCode?: number;
  /** Error code: an errno (`ECONNRESET`), an undici code (`UND_ERR_SOCKET`), or `UND_ERR_REQ_RETRY` for a status. */
  code?: string;
  /** Response headers, for a status failure. */
  headers?: Record<string, string | string[] | undefined>;
}

/** Whether the failure of this attempt is one the policy retries (ignoring the retry budget). */
function retryable(policy: ResolvedRetryPolicy, failure: AttemptFailure, method: string | undefined): boolean {
  if (!policy.methods.includes((method ?? 'GET').toUpperCase())) {
    return false;
  }
  if (failure.statusCode !== undefined) {
    return policy.statusCodes.includes(failure.statusCode);
  }
  return failure.code !== undefined && policy.errorCodes.includes(failure.code);
}

/**
 * Forwards every callback to the caller's handler and notes whether a final response has reached it. Once it has
 * (a connection reset mid-body), the request is not retried: undici would otherwise try a `Range` resume, which a
 * JSON API does not support.
 */
class ResponseTracker extends ForwardingHandler {
  delivered = false;

  override onResponseStart(...args: Parameters<ForwardingHandler['onResponseStart']>): void {
    if (args[1] >= 200) {
      this.delivered = true;
    }
    super.onResponseStart(...args);
  }
}

/** The retry callback of one request: the policy's decision, then a cancellable backoff timer. */
function retryCallback(policy: ResolvedRetryPolicy, tracker: ResponseTracker): RetryHandler.RetryCallback {
  return (error, { state, opts }, callback) => {
    const failure = error as Error & AttemptFailure;
    if (tracker.delivered || state.counter > policy.maxRetries || !retryable(policy, failure, opts.method)) {
      callback(error);
      return;
    }
    const delay = retryDelayMs(policy, state.counter, parseRetryAfterMs(failure.headers?.['retry-after']));
    // RetryHandler keeps the returned timer and clears it when the caller aborts during the wait.
    return setTimeout(() => callback(null), delay);
  };
}

/**
 * An undici interceptor retrying as `policy` says (undici's RetryHandler with {@link RetryPolicy}'s decision).
 * After the last retry the final response (e.g. the last 503, with its body) or the last error is returned.
 */
export function retryInterceptor(policy: RetryPolicy = {}): Dispatcher.DispatcherComposeInterceptor {
  const resolved = resolveRetryPolicy(policy);
  const undiciRetry = interceptors.retry({
    // Give the last response back instead of a RequestRetryError.
    throwOnError: false,
    maxRetries: resolved.maxRetries,
    statusCodes: [...resolved.statusCodes],
    errorCodes: [...resolved.errorCodes],
    methods: resolved.methods as Dispatcher.HttpMethod[],
  });
  return (dispatch) => {
    const retrying = undiciRetry(dispatch);
    return (options, handler) => {
      const tracker = new ResponseTracker(handler);
      const given = (options as { retryOptions?: RetryHandler.RetryOptions }).retryOptions;
      const retryOptions: RetryHandler.RetryOptions = { ...given, retry: retryCallback(resolved, tracker) };
      return retrying({ ...options, retryOptions } as Dispatcher.DispatchOptions, tracker);
    };
  };
}

/** A dispatcher sending through another one with retries; `close()`/`destroy()` act on the wrapped dispatcher. */
class RetryingDispatcher extends DelegatingDispatcher {
  readonly #dispatch: Dispatcher.Dispatch;

  constructor(inner: Dispatcher, policy: RetryPolicy) {
    super(inner);
    this.#dispatch = retryInterceptor(policy)(inner.dispatch.bind(inner));
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    return this.#dispatch(options, handler);
  }
}

/**
 * `dispatcher` with retries of idempotent requests (off unless asked for): `true` uses {@link defaultRetryPolicy},
 * a {@link RetryPolicy} overrides parts of it, `false` returns `dispatcher` itself.
 *
 * Retried: methods in `methods` (never POST/PATCH by default) failing with a connection error in `errorCodes`
 * before any response arrived, or answered with a status in `statusCodes`. Waits follow `Retry-After` when the
 * response has it, else capped exponential backoff with jitter. Aborting the request also ends a pending wait.
 */
export function withRetry(dispatcher: Dispatcher, policy: RetryPolicy | boolean = true): Dispatcher {
  if (policy === false) {
    return dispatcher;
  }
  return new RetryingDispatcher(dispatcher, policy === true ? {} : policy);
}
