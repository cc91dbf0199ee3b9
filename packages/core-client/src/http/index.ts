/**
 * HTTP dispatch: pooled undici dispatchers per TLS identity ({@link httpDispatcher}, {@link DispatcherCache}),
 * credential leases across rotation, and opt-in retries of idempotent requests.
 */

export * from './credentialLease';
export * from './dispatcher';
export * from './proxy';
export * from './retryPolicy';
