/** Ready-made wiring of the receiving side for `node:http`/`https`, Express and Fastify. */

export {
  type ExpressLikeRequest,
  type ExpressNext,
  inboundErrorHandler as expressErrorHandler,
  inboundMiddleware,
} from './express';
export {
  type FastifyLikeReply,
  type FastifyLikeRequest,
  inboundErrorHandler as fastifyErrorHandler,
  inboundHook,
  sendInboundError,
} from './fastify';
export { type InboundRequestHandler, withInboundAuthentication } from './nodeHandler';
export {
  defaultExemptPaths,
  type InboundWiringOptions,
  openTelemetryTraceId,
  renderInboundError,
  replyWithError,
} from './replies';
