/**
 * SPIFFE mode talks to the Workload API over gRPC. `@grpc/grpc-js` and `@grpc/proto-loader` are optional peer
 * dependencies, so Secret-mode users never install them; SPIFFE users install them next to core-client.
 */

/** The optional peer dependencies SPIFFE mode loads, with the ranges this package is tested with. */
export const GRPC_PEER_DEPENDENCIES = '@grpc/grpc-js@^1.14.7 @grpc/proto-loader@^0.8.1';

/** SPIFFE mode was used but `@grpc/grpc-js` or `@grpc/proto-loader` is not installed. */
export class GrpcDependencyError extends Error {
  override readonly name = 'GrpcDependencyError';
  /** Stable machine-readable code. */
  readonly code = 'ERR_SPIFFE_GRPC_MISSING';

  constructor(options?: { cause?: unknown }) {
    super(
      `SPIFFE mode needs the optional peer dependencies @grpc/grpc-js and @grpc/proto-loader: npm install ${GRPC_PEER_DEPENDENCIES}`,
      options,
    );
  }
}

/** True when `error` says a module could not be found (ESM or CommonJS resolution). */
export function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}
