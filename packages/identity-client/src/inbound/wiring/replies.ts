/**
 * Go-shaped error replies for the wiring: core-client's `handleError` with the active OpenTelemetry span's trace ID.
 */

import type { IncomingMessage } from 'node:http';
import { context, trace } from '@opentelemetry/api';
import {
  type ErrorLogEntry,
  type ErrorResponseTarget,
  handledError,
  handleError,
  type RenderedError,
  renderError,
} from '@unikorn-cloud/core-client';
import {
  extractTraceContext,
  type InboundCallOptions,
  type InboundIdentity,
  type InboundOperation,
  type InboundRequest,
  InboundValidator,
} from '../context';

/** The trace ID of the active OpenTelemetry span (Go writes its request span's), or undefined without one. */
export function openTelemetryTraceId(): string | undefined {
  return trace.getSpanContext(context.active())?.traceId;
}

/** Writes `error` as a Go server does, with the active span's trace ID (core-client `handleError`). */
export function replyWithError(
  response: ErrorResponseTarget,
  error: unknown,
  log?: (entry: ErrorLogEntry) => void,
): boolean {
  return handleError(response, error, { traceId: openTelemetryTraceId, log });
}

/** The Go reply for `error` (status, headers, body) with the active span's trace ID, for frameworks with their own reply API. */
export function renderInboundError(error: unknown): RenderedError {
  return renderError(handledError(error), { traceId: openTelemetryTraceId });
}

/** The default health-probe paths answered without authentication. */
export const defaultExemptPaths: readonly string[] = ['/healthz', '/readyz', '/livez'];

/** Options shared by the node, Express and Fastify wiring. */
export interface InboundWiringOptions
  extends Omit<InboundCallOptions, 'secured' | 'pathParams' | 'securitySchemeType'> {
  /**
   * Paths (without query) answered without authentication, such as health probes: a list of exact paths or a
   * predicate. Default {@link defaultExemptPaths}.
   */
  exempt?: readonly string[] | ((path: string) => boolean);
  /**
   * The operation of a request (security, path parameters). Default: secured, with the framework's route
   * parameters (Express `req.params`, Fastify `request.params`) where there are any.
   */
  operation?: (request: IncomingMessage) => InboundOperation | undefined;
  /** Receives every error reply's detail (default: nothing is logged). */
  log?: (entry: ErrorLogEntry) => void;
}

/** Path of a request target, without the query. */
export function requestPath(url: string | undefined): string {
  const target = url ?? '/';
  const at = target.indexOf('?');
  return at < 0 ? target : target.slice(0, at);
}

/** Whether a request is exempt from authentication under `options`. */
export function isExempt(url: string | undefined, options: InboundWiringOptions): boolean {
  const path = requestPath(url);
  const exempt = options.exempt ?? defaultExemptPaths;
  return typeof exempt === 'function' ? exempt(path) : exempt.includes(path);
}

/** The validator of a wiring: the one given, else one built once from the options (so ACLs stay cached). */
export function wiringValidator(options: InboundWiringOptions): InboundValidator {
  return options.validator ?? new InboundValidator(options);
}

/** Authenticates like {@link InboundValidator.run} with route parameters merged into the operation. */
export function runAuthenticated<R>(
  validator: InboundValidator,
  request: IncomingMessage & InboundRequest,
  options: InboundWiringOptions,
  routeParams: Readonly<Record<string, unknown>> | undefined,
  fn: (inbound: InboundIdentity) => R | Promise<R>,
): Promise<R> {
  const operation = options.operation?.(request) ?? {};
  const pathParams: Record<string, string> = {};
  for (const [name, value] of Object.entries(routeParams ?? {})) {
    if (typeof value === 'string') pathParams[name] = value;
  }
  return validator.run(request, fn, { ...operation, pathParams: { ...pathParams, ...operation.pathParams } });
}

/**
 * Runs `fn` inside the request's extracted trace context, so an error reply written from it carries the caller's
 * trace ID (Go writes its request span's) even when authentication failed before the handler's context existed.
 */
export function inRequestTrace<R>(request: InboundRequest, fn: () => R): R {
  return context.with(extractTraceContext(request), fn);
}
