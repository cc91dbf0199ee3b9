/**
 * Contract-validating API servers for tests and the demo (region and identity). Each one listens over real mutual TLS (testkit's
 * `MTLSServer`), validates every request against the project's own contract, and authenticates callers and
 * verifies `X-Principal` the way a Go server does.
 *
 * @packageDocumentation
 */

export * from './common';
export * from './identity';
export * from './region';
