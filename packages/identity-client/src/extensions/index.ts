/** Extension points of clients: extra mutators, undici interceptors, custom dispatchers. */

// The base of the dispatcher wrappers lives in core-client (retries use it too); re-exported for extension authors.
export { DelegatingDispatcher } from '@unikorn-cloud/core-client';
export * from './clientDispatch';
export * from './interceptedDispatcher';
export * from './mutatorPositions';
