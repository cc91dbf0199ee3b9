/**
 * Go core `pkg/server/errors` for TypeScript servers: {@link ServerError}, the constructors, the predicates,
 * `WWW-Authenticate` encoding, {@link renderError} for any framework and {@link handleError} / {@link writeError}
 * for node responses.
 */

export * from './constructors';
export * from './errorChain';
export * from './goFormat';
export * from './handleError';
export * from './predicates';
export * from './renderError';
export * from './serverError';
export * from './wwwAuthenticate';
