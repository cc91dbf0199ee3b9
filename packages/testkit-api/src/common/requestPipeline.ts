import type { X509Certificate } from 'node:crypto';
import {
  httpForbidden,
  httpMethodNotAllowed,
  httpNotFound,
  internalServerError,
  oauth2InvalidRequest,
} from '@unikorn-cloud/core-client';
import type { HandlerResponse, RecordedRequest } from '@unikorn-cloud/testkit';
import { authenticate, firstHeader } from './authenticate';
import type { APIContract } from './contract';
import { customErrorReply, errorReply, traceIdFromTraceparent } from './errorResponse';
import { goRoutingPath } from './goPath';
import { decodeRequestBody } from './requestBody';
import type { APIAuthorizer, APICall, APIOverride, APIRequestContext, OperationHandler } from './types';

/** What the pipeline needs from the server. */
export interface PipelineDependencies<S> {
  readonly contract: APIContract;
  readonly trusted: readonly X509Certificate[];
  readonly state: S;
  readonly authorizer: APIAuthorizer | undefined;
  readonly overrides: ReadonlyMap<string, APIOverride>;
  readonly handlers: Readonly<Record<string, OperationHandler<S>>>;
  /**
   * Bind `format: uuid` path parameters as Go typed IDs before authentication: a value Go's uuid grammar rejects
   * answers 400 `invalid_request` `invalid path/query element` (oapi-codegen's binder runs before the middlewares).
   */
  readonly typedUUIDs?: boolean;
  /** Validates bearer tokens (see `AuthenticationOptions.bearer`). */
  readonly bearer?: (token: string) => string | undefined;
}

/** The answer to a request and the call record describing it. */
export interface PipelineResult {
  readonly response: HandlerResponse;
  readonly call: APICall;
}

// Go net/http's own answer to an unparsable request target.
const goBadRequest: HandlerResponse = {
  status: 400,
  headers: { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' },
  body: '400 Bad Request',
};

function errorCodeOf(response: HandlerResponse): string | undefined {
  if (typeof response.body !== 'string' || response.status < 400) return undefined;
  try {
    const parsed: unknown = JSON.parse(response.body);
    const code = (parsed as { error?: unknown } | null)?.error;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

function parseQuery(text: string): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(text)) query[name] = [...(query[name] ?? []), value];
  return query;
}

function flatHeaders(request: RecordedRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/**
 * Answers one request like a Go Unikorn server: route (404/405), typed path IDs (400, when enabled), client
 * certificate and principal (400/401), contract validation (400), authorizer (403), then an override, a built-in
 * handler, or 501.
 */
export async function answerContractRequest<S>(
  request: RecordedRequest,
  deps: PipelineDependencies<S>,
): Promise<PipelineResult> {
  const traceId = traceIdFromTraceparent(firstHeader(request, 'traceparent'));
  const [rawPath, rawQuery = ''] = splitTarget(request.rawPath);
  let call: Omit<APICall, 'status' | 'error'> = {
    operationId: undefined,
    method: request.method,
    rawPath: request.rawPath,
    params: {},
    subject: undefined,
    principal: undefined,
    signed: false,
    impersonate: false,
    valid: false,
    traceId,
  };
  const finish = (response: HandlerResponse): PipelineResult => ({
    response,
    call: { ...call, status: response.status, error: errorCodeOf(response) },
  });

  const routingPath = goRoutingPath(rawPath);
  if (routingPath === undefined) return finish(goBadRequest);
  const route = deps.contract.route(request.method, routingPath, { typedUUIDs: deps.typedUUIDs });
  if (route.kind === 'not_found') return finish(errorReply(httpNotFound(), traceId));
  if (route.kind === 'method_not_allowed') {
    return finish(errorReply(httpMethodNotAllowed(), traceId));
  }
  if (route.kind === 'bad_parameter') {
    return finish(errorReply(oauth2InvalidRequest('request body invalid'), traceId));
  }
  if (route.kind === 'bad_typed_parameter') {
    const operationId = route.operation.operationId ?? `${route.operation.method} ${route.operation.path}`;
    call = { ...call, operationId };
    return finish(errorReply(oauth2InvalidRequest('invalid path/query element'), traceId));
  }
  const { operation, params } = route;
  const operationId = operation.operationId ?? `${operation.method} ${operation.path}`;
  call = { ...call, operationId, params };

  const auth = await authenticate(request, {
    trusted: deps.trusted,
    now: Date.now(),
    traceId,
    requiresAuthentication: deps.contract.requiresAuthentication(operation),
    bearer: deps.bearer,
  });
  if (!auth.ok) {
    call = { ...call, subject: auth.subject };
    return finish(auth.response);
  }
  const { subject, principal, signed, impersonate } = auth;
  call = { ...call, subject, principal, signed, impersonate };

  const query = parseQuery(rawQuery);
  const validation = deps.contract.validateRequest(operation, {
    method: request.method,
    params,
    query,
    headers: flatHeaders(request),
    body: operation.requestBody === undefined ? '' : request.body,
  });
  if (!validation.valid) return finish(errorReply(oauth2InvalidRequest('request body invalid'), traceId));
  call = { ...call, valid: true };

  const context: APIRequestContext = {
    operationId,
    method: request.method,
    params,
    query,
    body:
      operation.requestBody === undefined
        ? undefined
        : decodeRequestBody(request.body, firstHeader(request, 'content-type')),
    subject,
    principal,
    signed,
    impersonate,
    traceId,
    request,
  };
  try {
    return finish(dispatch(context, deps));
  } catch (error) {
    return finish(errorReply(internalServerError(error), traceId));
  }
}

function dispatch<S>(context: APIRequestContext, deps: PipelineDependencies<S>): HandlerResponse {
  const { operationId, traceId } = context;
  if (deps.authorizer !== undefined && !deps.authorizer(context)) {
    return errorReply(httpForbidden('operation is not allowed by rbac'), traceId);
  }
  const forced = deps.overrides.get(operationId)?.(context);
  if (forced !== undefined) return forced;
  const handler = deps.handlers[operationId];
  if (handler === undefined) {
    return customErrorReply(501, 'server_error', `${operationId} is not implemented by the test server`, traceId);
  }
  return handler(context, deps.state);
}

function splitTarget(target: string): [string, string] {
  const at = target.indexOf('?');
  return at < 0 ? [target, ''] : [target.slice(0, at), target.slice(at + 1)];
}
