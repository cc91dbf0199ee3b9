/**
 * Wiring for Express (4 and 5) without depending on it: structural types only.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InboundIdentity } from '../context';
import {
  type InboundWiringOptions,
  inRequestTrace,
  isExempt,
  replyWithError,
  runAuthenticated,
  wiringValidator,
} from './replies';

/** The parts of an Express request the middleware reads and sets. */
export type ExpressLikeRequest = IncomingMessage & {
  /** Route parameters (set when the middleware is mounted on a route). */
  params?: Readonly<Record<string, unknown>>;
  /** The authenticated identity, set by {@link inboundMiddleware}. */
  inbound?: InboundIdentity;
};

/** Express's `next`. */
export type ExpressNext = (error?: unknown) => void;

/**
 * Express middleware: authenticates the request (route parameters scope it when mounted on a route, e.g.
 * `app.get('/api/v1/organizations/:organizationID/things', inbound, handler)`), sets `req.inbound`, and runs the
 * rest of the chain inside the request's identity and trace context. Failures get Go's error reply.
 */
export function inboundMiddleware(
  options: InboundWiringOptions = {},
): (request: ExpressLikeRequest, response: ServerResponse, next: ExpressNext) => void {
  const validator = wiringValidator(options);
  return (request, response, next) => {
    if (isExempt(request.url, options)) {
      next();
      return;
    }
    inRequestTrace(request, () =>
      runAuthenticated(validator, request, options, request.params, (inbound) => {
        request.inbound = inbound;
        next();
      }).catch((error: unknown) => {
        if (!replyWithError(response, error, options.log)) next(error);
      }),
    );
  };
}

/**
 * Express error middleware (mount last): any error a handler passes to `next` is written as Go writes it (an API
 * error as itself, anything else as the 500 that leaks nothing). Once headers were sent it defers to Express.
 */
export function inboundErrorHandler(
  options: Pick<InboundWiringOptions, 'log'> = {},
): (error: unknown, request: IncomingMessage, response: ServerResponse, next: ExpressNext) => void {
  return (error, _request, response, next) => {
    if (!replyWithError(response, error, options.log)) next(error);
  };
}
