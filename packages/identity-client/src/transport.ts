/**
 * The seam between generated API clients and this package: a generated client sends every operation through
 * {@link sendRequest}, which runs the mutator chain and then sends on the shared (undici) dispatcher.
 */

import {
  CREDENTIAL_LEASE,
  type CredentialLease,
  type CredentialLeaser,
  type Dispatcher,
} from '@unikorn-cloud/core-client';
import { currentIdentityContext, type IdentityContext } from './context';
import type { OutboundRequest, RequestMutator } from './mutators/types';
import type { RequestCancellation } from './requestCancellation';
import { RequestAbortedError, RequestTimeoutError, ResponseTooLargeError } from './requestErrors';
import { type QueryValue, requestTarget } from './requestTarget';
import { type CollectedResponse, DEFAULT_MAX_RESPONSE_BYTES, ResponseCollector } from './responseCollector';
import { REQUEST_TELEMETRY, RequestTelemetry } from './telemetry/requestTelemetry';

export { DEFAULT_MAX_RESPONSE_BYTES } from './responseCollector';

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
  /**
   * Default per-request timeout in milliseconds (none when unset). It bounds the whole call as the caller sees it:
   * credential reload wait, mutators, sending and reading the body.
   */
  readonly timeoutMs?: number;
  /**
   * Hands out the credential snapshot each request uses (core's `CredentialDispatcher`): mutators sign with the
   * lease's key and the request is sent on the connection of the same epoch. Without it, requests are not pinned.
   */
  readonly credentials?: CredentialLeaser;
  /** Most bytes of a response body (default {@link DEFAULT_MAX_RESPONSE_BYTES}, 16 MiB); more → ResponseTooLargeError. */
  readonly maxResponseBytes?: number;
}

export type { QueryValue } from './requestTarget';

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
  /** Per-request timeout in milliseconds (the whole call, until the body is read); overrides the transport's. */
  timeoutMs?: number;
  /** The contract's path template (`/api/v1/organizations/{organizationID}`): names client spans, never the raw path. */
  urlTemplate?: string;
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
  /** The body as received (UTF-8 text). */
  text: string;
  /** Whether `body` is the result of JSON decoding (false for non-JSON content types and JSON that did not parse). */
  json: boolean;
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

// undici's own dispatchers already hand over lower-case names and no undefined values: then the object is used as
// it is (no copy per response); a custom dispatcher's headers are copied with lower-cased names.
function responseHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  if (Object.getPrototypeOf(raw) !== Object.prototype) return lowerCasedCopy(raw);
  for (const name in raw) {
    if (raw[name] === undefined || name !== name.toLowerCase()) {
      return lowerCasedCopy(raw);
    }
  }
  return raw as Record<string, string | string[]>;
}

function lowerCasedCopy(raw: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) {
      headers[name.toLowerCase()] = value;
    }
  }
  return headers;
}

function decodeBody(status: number, contentType: string, text: string): { body: unknown; json: boolean } {
  if (status === 204 || text === '') {
    return { body: undefined, json: false };
  }
  if (/json/i.test(contentType)) {
    try {
      return { body: JSON.parse(text), json: true };
    } catch {
      return { body: text, json: false };
    }
  }
  return { body: text, json: false };
}

/** The request mutators see: its URL object is only built when a mutator asks for it. */
class Outbound implements OutboundRequest {
  #url: URL | undefined;

  constructor(
    readonly method: string,
    readonly href: string,
    readonly headers: Record<string, string>,
    readonly credential: CredentialLease | undefined,
  ) {}

  get url(): URL {
    this.#url ??= new URL(this.href);
    return this.#url;
  }
}

type SendOptions = Dispatcher.DispatchOptions & {
  [CREDENTIAL_LEASE]?: CredentialLease;
  [REQUEST_TELEMETRY]?: RequestTelemetry;
};

/** Settles with `work` unless the collector was aborted first (then rejects with the abort's error). */
function unlessAborted<T>(work: Promise<T>, collector: ResponseCollector): Promise<T> {
  return Promise.race([work, collector.response as Promise<never>]);
}

/** Waits for a lease, releasing it should it arrive after the call was already aborted. */
async function awaitLease(leased: Promise<CredentialLease>, collector: ResponseCollector): Promise<CredentialLease> {
  try {
    return await unlessAborted(leased, collector);
  } catch (error) {
    leased.then(
      (late) => late.release(),
      () => undefined,
    );
    throw error;
  }
}

/**
 * Sends one request: builds the URL, takes the credential snapshot (waiting, bounded, for a due reload), runs every
 * mutator in order (the first error aborts before anything is sent), then sends on the transport's dispatcher,
 * pinned to the snapshot's connection pool, and reads the whole body (at most `maxResponseBytes`). The timeout
 * starts first and bounds all of it.
 *
 * @throws RequestTimeoutError when `timeoutMs` elapses before the body is read; RequestAbortedError when the
 *   caller's `signal` aborts (the original error as `cause` of both); ResponseTooLargeError for a body over the
 *   cap; other failures (e.g. undici `SocketError` `UND_ERR_SOCKET` for a reset connection) unchanged.
 */
export async function sendRequest(transport: ClientTransport, request: TransportRequest): Promise<TransportResponse> {
  const context = transport.context ?? currentIdentityContext();
  const headers: Record<string, string> = { ...request.headers };
  const body = encodeBody(request.body, headers);
  const method = request.method.toUpperCase();
  const target = requestTarget(transport.baseUrl, request.path, request.query);
  // Error paths only: the URL object the typed errors name.
  const url = () => new URL(target.href);
  const { cancellation, signal } = request;
  if (cancellation?.cancelled || signal?.aborted) {
    throw new RequestAbortedError(method, url(), { cause: signal?.reason });
  }
  // Every way a request can be ended early aborts it through the collector (and then the dispatch controller).
  const collector = new ResponseCollector({
    maxBytes: transport.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    tooLarge: (maxBytes) => new ResponseTooLargeError(method, url(), maxBytes),
  });
  const timeoutMs = request.timeoutMs ?? transport.timeoutMs;
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          const reason = new DOMException(`request timed out after ${timeoutMs}ms`, 'TimeoutError');
          collector.abort(new RequestTimeoutError(method, url(), timeoutMs, { cause: reason }));
        }, timeoutMs);
  const onSignal = () => collector.abort(new RequestAbortedError(method, url(), { cause: signal?.reason }));
  signal?.addEventListener('abort', onSignal, { once: true });
  const stopCancellation = cancellation?.onCancel(() => collector.abort(new RequestAbortedError(method, url())));
  let lease: CredentialLease | undefined;
  let response: CollectedResponse;
  try {
    // A due reload may use at most half the timeout, so a hung Kubernetes API cannot use up the call.
    const leased = transport.credentials?.lease(timeoutMs === undefined ? undefined : { maxWaitMs: timeoutMs / 2 });
    lease = leased instanceof Promise ? await awaitLease(leased, collector) : leased;
    const outbound = new Outbound(method, target.href, headers, lease);
    for (const mutator of transport.mutators) {
      // Only asynchronous mutators are awaited: a synchronous one costs no extra microtask turn.
      const pending = mutator(outbound, context);
      if (pending !== undefined) {
        await unlessAborted(pending, collector);
      }
    }
    // Pinned to the lease (a symbol key, kept by undici's own option copies, e.g. on retries). The symbol keys are
    // assigned after the literal: computed keys in a literal would take V8's slow path on every request.
    const options: SendOptions = {
      origin: target.origin,
      path: target.path,
      method: method as Dispatcher.HttpMethod,
      headers: outbound.headers,
      body,
    };
    options[CREDENTIAL_LEASE] = lease;
    options[REQUEST_TELEMETRY] = new RequestTelemetry(request.urlTemplate);
    transport.dispatcher.dispatch(options, collector);
    response = await collector.response;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onSignal);
    stopCancellation?.();
    lease?.release();
  }
  const text = response.text;
  const received = responseHeaders(response.headers);
  const rawContentType = received['content-type'];
  const contentType = (Array.isArray(rawContentType) ? rawContentType[0] : rawContentType) ?? '';
  const decoded = decodeBody(response.statusCode, contentType, text);
  return {
    status: response.statusCode,
    headers: received,
    contentType,
    body: decoded.body,
    text,
    json: decoded.json,
  };
}
