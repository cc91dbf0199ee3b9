/**
 * The constructors of Go core `pkg/server/errors`, with their statuses, codes and fixed texts. Descriptions join the
 * arguments by Go's `Sprintln` rule (see {@link ErrorArgument} for how each value is formatted).
 */

import type { ErrorBody, ErrorCode } from '../errors/apiError';
import { type ErrorArgument, sprint, sprintln } from './goFormat';
import { ServerError } from './serverError';
import { AuthenticateHeader, WWWAuthenticateHeader } from './wwwAuthenticate';

/** The fixed description of the 500 that {@link handleError} writes for anything that is not an API error. */
export const internalErrorDescription = 'an internal error has occurred, please contact support';

function newError(status: number, errorCode: ErrorCode, args: readonly ErrorArgument[]): ServerError {
  return new ServerError({ status, errorCode, description: sprintln(args) });
}

/** Go `OAuth2InvalidRequest`: 400 `invalid_request`, description from the arguments. */
export function oauth2InvalidRequest(...args: ErrorArgument[]): ServerError {
  return newError(400, 'invalid_request', args);
}

/** Go `OAuth2AccessDenied`: 401 `access_denied` without a challenge (see {@link accessDenied}). */
export function oauth2AccessDenied(...args: ErrorArgument[]): ServerError {
  return newError(401, 'access_denied', args);
}

/** Go `HTTPForbidden`: 403 `forbidden`, description from the arguments. */
export function httpForbidden(...args: ErrorArgument[]): ServerError {
  return newError(403, 'forbidden', args);
}

/** Go `HTTPNotFound`: 404 `not_found` `resource not found`. */
export function httpNotFound(): ServerError {
  return newError(404, 'not_found', ['resource not found']);
}

/** Go `HTTPMethodNotAllowed`: 405 `method_not_allowed` `the requested method was not allowed`. */
export function httpMethodNotAllowed(): ServerError {
  return newError(405, 'method_not_allowed', ['the requested method was not allowed']);
}

/** Go `HTTPConflict`: 409 `conflict` `the requested resource already exists`. */
export function httpConflict(): ServerError {
  return newError(409, 'conflict', ['the requested resource already exists']);
}

/** Go `HTTPRequestEntityTooLarge`: 413 `request_entity_too_large`, description from the arguments. */
export function httpRequestEntityTooLarge(...args: ErrorArgument[]): ServerError {
  return newError(413, 'request_entity_too_large', args);
}

/** Go `HTTPUnprocessableContent`: 422 `unprocessable_content`, description from the arguments. */
export function httpUnprocessableContent(...args: ErrorArgument[]): ServerError {
  return newError(422, 'unprocessable_content', args);
}

/** The fallback of Go `HandleError`: 500 `server_error` with a fixed text; `cause` is logged, never sent. */
export function internalServerError(cause?: unknown): ServerError {
  return newError(500, 'server_error', [internalErrorDescription]).withError(cause);
}

/** Request headers as a node `IncomingMessage` or a plain record has them. */
export type RequestHeaderRecord = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * Where {@link accessDenied} reads the request's host: the host itself, or a request whose `Host` header (HTTP/1.1)
 * or `:authority` (HTTP/2) is used, exactly as received, port included (Go's `r.Host`).
 */
export type RequestHost = string | { readonly headers: RequestHeaderRecord };

function firstValue(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : value?.[0];
}

/** The host of a request as Go's `r.Host` has it; `''` when the request carries none. */
export function requestHost(request: RequestHost): string {
  if (typeof request === 'string') {
    return request;
  }
  const headers = request.headers;
  if (Object.hasOwn(headers, 'host')) {
    return firstValue(headers.host) ?? '';
  }
  return Object.hasOwn(headers, ':authority') ? (firstValue(headers[':authority']) ?? '') : '';
}

/**
 * Go `AccessDenied`: 401 `access_denied` with the challenge
 * `Bearer error="access_denied",error_description="<args by Sprint>",resource_metadata="https://<host>/.well-known/openid-protected-resource"`.
 * The body joins the arguments by the Sprintln rule, the challenge by the Sprint rule (`("a","b")` gives `a b` in the
 * body and `ab` in the header), and the challenge value is written verbatim, as Go writes it.
 */
export function accessDenied(request: RequestHost, ...args: ErrorArgument[]): ServerError {
  const challenge = new WWWAuthenticateHeader()
    .addField('Bearer', 'error', 'access_denied')
    .addField('Bearer', 'error_description', sprint(args))
    .addField('Bearer', 'resource_metadata', `https://${requestHost(request)}/.well-known/openid-protected-resource`);
  return newError(401, 'access_denied', args).withHeader(AuthenticateHeader, challenge.encode());
}

/**
 * Go `FromOpenAPIError`: the error a server re-raises for a downstream error response. The status is the one given,
 * code and description come from the body; the headers and the body's `trace_id` are dropped (a 401 propagated this
 * way carries no `WWW-Authenticate`, and the reply gets this server's trace ID).
 */
export function fromOpenAPIError(status: number, _headers: unknown, body: ErrorBody): ServerError {
  return new ServerError({ status, errorCode: body.error as ErrorCode, description: body.error_description });
}
