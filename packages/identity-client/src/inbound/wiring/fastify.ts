/**
 * Wiring for Fastify (4 and 5) without depending on it: structural types only.
 */

import type { IncomingMessage } from 'node:http';
import type { InboundIdentity } from '../context';
import {
  type InboundWiringOptions,
  inRequestTrace,
  isExempt,
  renderInboundError,
  runAuthenticated,
  wiringValidator,
} from './replies';

/** The parts of a Fastify request the hook reads and sets. */
export interface FastifyLikeRequest {
  /** The node request. */
  readonly raw: IncomingMessage;
  /** Route parameters. */
  readonly params?: unknown;
  /** The authenticated identity, set by {@link inboundHook}. */
  inbound?: InboundIdentity;
}

/** The parts of a Fastify reply the hook uses. */
export interface FastifyLikeReply {
  code(status: number): unknown;
  header(name: string, value: string | string[]): unknown;
  getHeader(name: string): unknown;
  send(payload: string): unknown;
  readonly sent: boolean;
}

/** Writes the Go reply for `error` through Fastify's reply API (headers added to any set earlier, as in Go). */
export function sendInboundError(reply: FastifyLikeReply, error: unknown): void {
  if (reply.sent) return;
  const rendered = renderInboundError(error);
  const merged = new Map<string, string[]>();
  for (const [name, value] of rendered.headers) {
    const existing = merged.get(name) ?? [];
    if (existing.length === 0) {
      const earlier = reply.getHeader(name);
      if (typeof earlier === 'string') existing.push(earlier);
      else if (Array.isArray(earlier)) existing.push(...earlier.map(String));
    }
    existing.push(value);
    merged.set(name, existing);
  }
  reply.code(rendered.status);
  for (const [name, values] of merged) reply.header(name, values.length === 1 ? values[0] : values);
  reply.send(rendered.body);
}

/**
 * A Fastify `onRequest` (or `preHandler`) hook in callback style: authenticates with the route parameters, sets
 * `request.inbound`, and continues the request lifecycle inside the request's identity and trace context (the
 * route handler then relays them). Failures get Go's error reply and the route handler does not run.
 *
 * ```ts
 * app.addHook('onRequest', inboundHook({ authenticator, trustIngressHeaders: true }));
 * app.setErrorHandler(inboundErrorHandler());
 * ```
 */
export function inboundHook(
  options: InboundWiringOptions = {},
): (request: FastifyLikeRequest, reply: FastifyLikeReply, done: (error?: Error) => void) => void {
  const validator = wiringValidator(options);
  return (request, reply, done) => {
    if (isExempt(request.raw.url, options)) {
      done();
      return;
    }
    const params =
      typeof request.params === 'object' && request.params !== null
        ? (request.params as Record<string, unknown>)
        : undefined;
    inRequestTrace(request.raw, () =>
      runAuthenticated(validator, request.raw, options, params, (inbound) => {
        request.inbound = inbound;
        done();
      }).catch((error: unknown) => {
        sendInboundError(reply, error);
      }),
    );
  };
}

/** A Fastify error handler (`app.setErrorHandler`) replying to every route error as Go writes it. */
export function inboundErrorHandler(): (error: unknown, request: FastifyLikeRequest, reply: FastifyLikeReply) => void {
  return (error, _request, reply) => {
    sendInboundError(reply, error);
  };
}
