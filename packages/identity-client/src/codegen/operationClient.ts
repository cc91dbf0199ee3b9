/**
 * The runtime of generated operation groups (`api.networks.list({ organizationId })`): one options object per call
 * (parameters, `body`, `signal`, `timeoutMs`), checked before anything is sent, then sent through this package's
 * transport and checked against the contract's tables exactly like the request class of codegen clients.
 */

import { type ClientTransport, type QueryValue, sendRequest } from '../transport';
import { encodeBody } from './encodeBody';
import { expandPath, type RequestSettings, type ResponseTables, resultOrError } from './requestClass';
import { RequestParameterError } from './requestParameterError';

/** One path or query parameter of an operation. */
export interface ParameterSpec {
  /** The option name callers use (`organizationId`). */
  readonly name: string;
  /** The name on the wire (`organizationID`): the path placeholder or the query key. */
  readonly wire: string;
  /** Whether a value must be given (every path parameter is required). */
  readonly required: boolean;
}

/** What the generated code states about one operation. */
export interface OperationSpec {
  readonly operationId: string;
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The path template, e.g. `/api/v2/networks/{networkID}`. */
  readonly url: string;
  readonly path: readonly ParameterSpec[];
  readonly query: readonly ParameterSpec[];
  /** The request body, when the operation takes one. */
  readonly body: { readonly mediaType: string; readonly required: boolean } | undefined;
  /** The documented error statuses and their descriptions. */
  readonly errors: Readonly<Record<number, string>>;
}

/** Per-call options every operation takes besides its parameters and body. */
export interface CallOptions {
  /** Aborts this call (`RequestAbortedError`); combined with the client's signal when both are set. */
  readonly signal?: AbortSignal;
  /** Timeout of this call in milliseconds (`RequestTimeoutError`); overrides the client's and the transport's. */
  readonly timeoutMs?: number;
}

/** A success response with its decoded body (what operations resolve with from `withResponse()`). */
export interface APIResponse<T> {
  /** The HTTP status (one of the operation's documented success statuses). */
  readonly status: number;
  /** Response headers, lower-case names. */
  readonly headers: Readonly<Record<string, string | string[]>>;
  /** The decoded body (undefined when the response has none). */
  readonly body: T;
}

/** What operations resolve with: the body (`'body'`) or the whole {@link APIResponse} (`'response'`). */
export type ResultMode = 'body' | 'response';

/** The result type of an operation whose body is `T`, in mode `M`. */
export type OperationResult<M extends ResultMode, T> = M extends 'response' ? APIResponse<T> : T;

const NO_OPTIONS: CallOptions = {};

function isScalar(value: unknown): value is string | number | boolean {
  return (
    typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))
  );
}

function pathValue(spec: OperationSpec, parameter: ParameterSpec, value: unknown): string | number {
  if (value === undefined || value === null) {
    throw new RequestParameterError(spec.operationId, parameter.wire, 'is required');
  }
  if (!(typeof value === 'string' && value !== '') && !(typeof value === 'number' && Number.isFinite(value))) {
    throw new RequestParameterError(spec.operationId, parameter.wire, 'must be a non-empty string');
  }
  return value;
}

function queryValue(spec: OperationSpec, parameter: ParameterSpec, value: unknown): QueryValue {
  if (isScalar(value) || (Array.isArray(value) && value.every(isScalar))) {
    return value;
  }
  throw new RequestParameterError(
    spec.operationId,
    parameter.wire,
    'must be a string, number, boolean or array of them',
  );
}

function combinedSignal(client: AbortSignal | undefined, call: AbortSignal | undefined): AbortSignal | undefined {
  if (client === undefined) return call;
  if (call === undefined) return client;
  return AbortSignal.any([client, call]);
}

/**
 * Sends generated operations through a transport. Built by a service package's `Client` for each API client; the
 * generated groups call {@link OperationClient.call}.
 */
export class OperationClient {
  /**
   * @param transport - Where requests go (dispatcher, mutators, base URL).
   * @param tables - The generated success statuses and declared body types.
   * @param settings - Client-wide `signal` and `timeoutMs`.
   * @param fullResponse - Resolve with `{ status, headers, body }` instead of the body.
   */
  constructor(
    readonly transport: ClientTransport,
    readonly tables: ResponseTables,
    readonly settings: RequestSettings = {},
    readonly fullResponse = false,
  ) {}

  /** The same client, resolving with `{ status, headers, body }`. */
  withResponse(): OperationClient {
    return new OperationClient(this.transport, this.tables, this.settings, true);
  }

  /**
   * Sends one operation: parameters checked and placed (path escaped as Go's `url.PathEscape`, arrays repeat the
   * query key), body encoded as Go does, then the response checked against the documented statuses and declared body
   * type.
   *
   * @throws RequestParameterError for a missing required parameter or body, or a value that cannot be sent, before
   *   anything is sent.
   * @throws core-client's `APIError` for a documented error status; `APIStatusError` / `TypeConversionError` for
   *   other statuses (Go `PropagateError`).
   * @throws ResponseDecodeError for a documented success whose body is not JSON of the declared type.
   * @throws RequestTimeoutError / RequestAbortedError when `timeoutMs` elapses or `signal` aborts;
   *   ResponseTooLargeError for a body over the transport's cap; transport errors unchanged.
   */
  async call<T>(spec: OperationSpec, given: CallOptions = NO_OPTIONS): Promise<T> {
    const options = given as CallOptions & Readonly<Record<string, unknown>>;
    let path: Record<string, unknown> | undefined;
    if (spec.path.length > 0) {
      path = {};
      for (const parameter of spec.path) {
        path[parameter.wire] = pathValue(spec, parameter, options[parameter.name]);
      }
    }
    let query: Record<string, QueryValue> | undefined;
    for (const parameter of spec.query) {
      const value = options[parameter.name];
      if (value === undefined || value === null) {
        if (parameter.required) throw new RequestParameterError(spec.operationId, parameter.wire, 'is required');
        continue;
      }
      if (query === undefined) query = {};
      query[parameter.wire] = queryValue(spec, parameter, value);
    }
    let body: unknown;
    let headers: Record<string, string> | undefined;
    if (spec.body !== undefined) {
      const given = options.body;
      if (given === undefined || given === null) {
        if (spec.body.required) throw new RequestParameterError(spec.operationId, 'body', 'is required');
      } else {
        body = encodeBody({ body: given, mediaType: spec.body.mediaType });
        headers = { 'Content-Type': spec.body.mediaType };
      }
    }
    const { settings } = this;
    const response = await sendRequest(this.transport, {
      method: spec.method,
      path: expandPath(spec.url, path),
      query,
      headers,
      body,
      signal: combinedSignal(settings.signal, options.signal),
      timeoutMs: options.timeoutMs ?? settings.timeoutMs,
      urlTemplate: spec.url,
    });
    const result = resultOrError(this.tables, spec, response);
    return (this.fullResponse ? { status: response.status, headers: response.headers, body: result } : result) as T;
  }
}
