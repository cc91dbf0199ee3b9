/**
 * Wiring for `node:http` / `node:https` servers: authenticate, then run the handler inside the request's identity;
 * any failure (authentication or the handler's own) gets Go's error reply.
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

/** A request handler given the authenticated identity (undefined for exempt paths such as health probes). */
export type InboundRequestHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  inbound: InboundIdentity | undefined,
) => unknown;

/**
 * Wraps `handler` for `http.createServer` / `https.createServer`: exempt paths run it unauthenticated; every other
 * request is authenticated as a Go server does and the handler runs inside its identity and trace context, so
 * clients built from this package relay them. An authentication failure, or an error the handler throws or
 * rejects with, is written as Go writes it (an API error as itself, anything else as the 500 that leaks nothing).
 */
export function withInboundAuthentication(
  handler: InboundRequestHandler,
  options: InboundWiringOptions = {},
): (request: IncomingMessage, response: ServerResponse) => void {
  const validator = wiringValidator(options);
  return (request, response) =>
    inRequestTrace(request, () => {
      const run = isExempt(request.url, options)
        ? Promise.resolve().then(() => handler(request, response, undefined))
        : runAuthenticated(validator, request, options, undefined, (inbound) => handler(request, response, inbound));
      run.catch((error: unknown) => {
        if (!replyWithError(response, error, options.log) && !response.writableEnded) {
          response.destroy(error instanceof Error ? error : undefined);
        }
      });
    });
}
