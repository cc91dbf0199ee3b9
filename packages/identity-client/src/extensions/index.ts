/** Extension points of clients: extra mutators, undici interceptors, custom dispatchers. */
export * from './clientDispatch';
export * from './delegatingDispatcher';
export * from './interceptedDispatcher';
export * from './mutatorPositions';
