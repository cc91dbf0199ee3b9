import type { HandlerResponse, RecordedRequest } from '@unikorn-cloud/testkit';
import type { APIPrincipal } from './principal';

/** A request that routed to a contract operation and passed TLS-peer authentication and contract validation. */
export interface APIRequestContext {
  readonly operationId: string;
  readonly method: string;
  /** Path parameters as the Go server binds them (decoded; `%252F` and `%2F` both give `/`). */
  readonly params: Readonly<Record<string, string>>;
  /** Query parameters, every value of repeated names in order. */
  readonly query: Readonly<Record<string, readonly string[]>>;
  /** The decoded JSON body, undefined when the request had none. */
  readonly body: unknown;
  /** CN of the relayed `Unikorn-Client-Certificate` when present, else of the TLS peer certificate. */
  readonly subject: string | undefined;
  /** The propagated principal (undefined for operations without security requirements). */
  readonly principal: APIPrincipal | undefined;
  /** True when `X-Principal` was a verified JWS. */
  readonly signed: boolean;
  /** True for an unsigned principal sent with `X-Impersonate: true`. */
  readonly impersonate: boolean;
  /** Trace id from `traceparent`, else 32 zeros. */
  readonly traceId: string;
  /** The raw recorded request. */
  readonly request: RecordedRequest;
}

/** One request a contract server answered. */
export interface APICall {
  /** Undefined when the request did not route to an operation (404/405/malformed path). */
  readonly operationId: string | undefined;
  readonly method: string;
  /** Request target as on the wire. */
  readonly rawPath: string;
  readonly params: Readonly<Record<string, string>>;
  readonly subject: string | undefined;
  readonly principal: APIPrincipal | undefined;
  readonly signed: boolean;
  readonly impersonate: boolean;
  /** True when routing, authentication and contract validation all passed (the authorizer may still refuse). */
  readonly valid: boolean;
  /** Status sent. */
  readonly status: number;
  /** `error` code of an error answer. */
  readonly error: string | undefined;
  readonly traceId: string;
}

/** Decides whether a validated, authenticated call may proceed; false answers 403 `forbidden`. */
export type APIAuthorizer = (call: APIRequestContext) => boolean;

/** Forces the answer to an operation; undefined lets the server answer normally. */
export type APIOverride = (call: APIRequestContext) => HandlerResponse | undefined;

/** Answers one validated, authenticated and authorized operation against the server's state `S`. */
export type OperationHandler<S> = (call: APIRequestContext, state: S) => HandlerResponse;
