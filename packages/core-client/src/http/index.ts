/**
 * HTTP dispatch: pooled undici dispatchers per TLS identity ({@link httpDispatcher}, {@link DispatcherCache}),
 * credential leases across rotation, and opt-in retries of idempotent requests.
 */

export * from './credentialLease';
export * from './delegatingDispatcher';
export * from './dispatcher';
export * from './forwardingHandler';
export * from './proxy';
export * from './retryPolicy';
