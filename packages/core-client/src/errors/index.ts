/**
 * The error classes of the client side: {@link UnikornError} and one class per Go `core/pkg/errors` sentinel, the
 * typed {@link APIError} a Unikorn API returns and {@link propagateError}, and the errors of Secret reads, dispatcher
 * close and the optional gRPC dependencies. (Errors a TypeScript server renders are in `serverErrors/`.)
 */

export * from './apiError';
export * from './closeTimeoutError';
export * from './errors';
export { GRPC_PEER_DEPENDENCIES, GrpcDependencyError } from './grpcDependencyError';
export * from './propagateError';
export * from './secretReadTimeoutError';
