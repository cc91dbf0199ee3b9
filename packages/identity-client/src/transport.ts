/**
 * The seam between generated API clients and this package: a generated client sends every operation through
 * {@link sendRequest}, which runs the mutator chain and then sends on the shared (undici) dispatcher.
 */

import type { Dispatcher } from '@unikorn-cloud/core-client';
import { currentIdentityContext, type IdentityContext } from './context';
import type { OutboundRequest, RequestMutator } from './mutators/types';
import type { RequestCancellation } from './requestCancellation';
import { RequestAbortedError, RequestTimeoutError } from './requestErrors';

/** Everything a generated client needs to send a request the Unikorn way. */
export interface ClientTransport {
  /** Server URL (may carry a path prefix); operation paths are resolved relative to it. */
  readonly baseUrl: string;
  /** The (mTLS) dispatcher every request goes through. */
  readonly dispatcher: Dispatcher;
  /** Mutators run in order on every request before it is sent. */
  readonly mutators: readonly RequestMutator[];
  /** Identity context to use; default: the current async scope at send time. */
  readonly context?: IdentityContext;
  /** Default per-request timeout in milliseconds (none when unset). */
  readonly timeoutMs?: number;
}

/** Query parameter values; arrays repeat the parameter, undefined values are skipped. */
export type QueryValue = string | number | boolean | readonly (string | number | boolean)[] | undefined;

/** One request of a generated client. */
export interface TransportRequest {
  /** HTTP method. */
  method: string;
  /** Path relative to the base URL, already percent-escaped (a leading `/` is allowed). */
  path: string;
  /** Query parameters. */
  query?: Readonly<Record<string, QueryValue>>;
  /** Operation headers (e.g. `Content-Type`); they come before the mutators' headers on the wire. */
  headers?: Readonly<Record<string, string>>;
  /** Body: strings and bytes are sent as they are; anything else is sent as JSON. */
  body?: unknown;
  /** Cancels the request. */
  signal?: AbortSignal;
  /** A cheaper cancellation handle for clients that create one per request (e.g. for a cancelable promise). */
  cancellation?: RequestCancellation;
  /** Per-request timeout in milliseconds (from sending until the body is read); overrides the transport's. */
  timeoutMs?: number;
}

/** A received response with its body read. */
export interface TransportResponse {
  /** HTTP status code. */
  status: number;
  /** Response headers (lower-case names). */
  headers: Record<string, string | string[]>;
  /** The `Content-Type` header, or `''`. */
  contentType: string;
  /** JSON-decoded when the content type mentions json, text otherwise, undefined for 204 or an empty body. */
  body: unknown;
}

function resolveUrl(baseUrl: string, path: string, query: TransportRequest['query']): URL {
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined) {
      continue;
    }
    const values: readonly (string | number | boolean)[] = Array.isArray(value) ? value : [value];
    for (const item of values) {
      url.searchParams.append(name, String(item));
    }
  }
  return url;
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

function encodeBody(body: unknown, headers: Record<string, string>): string | Uint8Array | undefined {
  if (body === undefined) {
    return undefined;
  }
  if (typeof body === 'string' || body instanceof Uint8Array) {
    return body;
  }
  if (!hasHeader(headers, 'content-type')) {
    headers['Content-Type'] = 'application/json';
  }
  return JSON.stringify(body);
}

function responseHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) {
      headers[name.toLowerCase()] = value;
    }
  }
  return headers;
}

function decodeBody(status: number, contentType: string, text: string): unknown {
  if (status === 204 || text === '') {
    return undefined;
  }
  if (/json/i.test(contentType)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * The caller's signal and cancellation combined with a cleared-on-completion timeout; `failure` maps errors to
 * typed ones. Only built when there is a signal or a timeout.
 */
class RequestLifetime {
  readonly signal: AbortSignal | undefined;
  readonly #deadline: AbortController | undefined;
  readonly #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #stopListening: (() => void) | undefined;

  constructor(
    private readonly request: OutboundRequest,
    private readonly callerSignal: AbortSignal | undefined,
    private readonly timeoutMs: number | undefined,
    private readonly cancellation: RequestCancellation | undefined,
  ) {
    if (timeoutMs !== undefined) {
      const deadline = new AbortController();
      this.#deadline = deadline;
      this.#timer = setTimeout(() => {
        deadline.abort(new DOMException(`request timed out after ${timeoutMs}ms`, 'TimeoutError'));
      }, timeoutMs);
    }
    const signals = [callerSignal, this.#deadline?.signal];
    if (cancellation !== undefined) {
      const cancelled = new AbortController();
      this.#stopListening = cancellation.onCancel(() => cancelled.abort());
      signals.push(cancelled.signal);
    }
    const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
    // AbortSignal.any only when there are several: most requests have one signal or none.
    this.signal = present.length <= 1 ? present[0] : AbortSignal.any(present);
  }

  /** The error to throw for `error`: typed when the caller's signal, the cancellation or the timeout ended it. */
  failure(error: unknown): unknown {
    const { method, url } = this.request;
    if (this.callerSignal?.aborted || this.cancellation?.cancelled) {
      return new RequestAbortedError(method, url, { cause: error });
    }
    if (this.#deadline?.signal.aborted && this.timeoutMs !== undefined) {
      return new RequestTimeoutError(method, url, this.timeoutMs, { cause: error });
    }
    return error;
  }

  /** Stops the timeout timer and the cancellation listener. */
  end(): void {
    clearTimeout(this.#timer);
    this.#stopListening?.();
  }
}

/**
 * Sends one request: builds the URL, runs every mutator in order (the first error aborts before anything is
 * sent), then sends with `dispatcher.request` on the transport's dispatcher and reads the whole body.
 *
 * @throws RequestTimeoutError when `timeoutMs` elapses before the body is read; RequestAbortedError when the
 *   caller's `signal` aborts (the original error as `cause` of both); other failures (e.g. undici `SocketError`
 *   `UND_ERR_SOCKET` for a reset connection) unchanged.
 */
export async function sendRequest(transport: ClientTransport, request: TransportRequest): Promise<TransportResponse> {
  const context = transport.context ?? currentIdentityContext();
  const headers: Record<string, string> = { ...request.headers };
  const body = encodeBody(request.body, headers);
  const outbound: OutboundRequest = {
    method: request.method.toUpperCase(),
    url: resolveUrl(transport.baseUrl, request.path, request.query),
    headers,
  };
  for (const mutator of transport.mutators) {
    // Only asynchronous mutators are awaited: a synchronous one costs no extra microtask turn.
    const pending = mutator(outbound, context);
    if (pending !== undefined) {
      await pending;
    }
  }
  const timeoutMs = request.timeoutMs ?? transport.timeoutMs;
  // Without a signal or a timeout there is nothing to combine, time or map: no per-request lifetime object.
  const { cancellation } = request;
  if (cancellation?.cancelled) {
    throw new RequestAbortedError(outbound.method, outbound.url);
  }
  const lifetime =
    request.signal === undefined && timeoutMs === undefined
      ? undefined
      : new RequestLifetime(outbound, request.signal, timeoutMs, cancellation);
  let response: Dispatcher.ResponseData;
  let text: string;
  try {
    response = await transport.dispatcher.request({
      origin: outbound.url.origin,
      path: `${outbound.url.pathname}${outbound.url.search}`,
      method: outbound.method as Dispatcher.HttpMethod,
      headers: outbound.headers,
      body,
      // The cancellation handle goes to undici as it is (an EventEmitter) when nothing else needs combining.
      signal: lifetime === undefined ? cancellation : lifetime.signal,
    });
    text = await response.body.text();
  } catch (error) {
    if (lifetime !== undefined) throw lifetime.failure(error);
    throw cancellation?.cancelled ? new RequestAbortedError(outbound.method, outbound.url, { cause: error }) : error;
  } finally {
    lifetime?.end();
  }
  const received = responseHeaders(response.headers);
  const rawContentType = received['content-type'];
  const contentType = (Array.isArray(rawContentType) ? rawContentType[0] : rawContentType) ?? '';
  return {
    status: response.statusCode,
    headers: received,
    contentType,
    body: decodeBody(response.statusCode, contentType, text),
  };
}
