/** Identity's remote authorizer: token exchange, passports, the token cache and ACL calls. */

export { IdentityCallError, type IdentityEndpoint } from './identityCall';
export * from './passport';
export * from './remoteAuthorizer';
export * from './tokenExchange';
