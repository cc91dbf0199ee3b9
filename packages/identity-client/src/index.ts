/**
 * @unikorn-cloud/identity-client — the Unikorn trust model for TypeScript services: delegated principal and
 * context, ordered request mutators (trace context → client-certificate relay → principal), BaseClient with
 * apiClient()/controllerClient() generic over any generated client, and the inbound side.
 */

/** Go `url.QueryEscape` / `QueryUnescape` (from core-client), the encoding of relayed certificates. */
export { queryEscape, queryUnescape, queryUnescapeBytes } from '@unikorn-cloud/core-client';
export { BaseClient, type BaseClientSettings, type ClientBuilder } from './baseClient';
export * from './codegen';
export {
  clientCertificateFromContext,
  currentIdentityContext,
  type IdentityContext,
  impersonateFromContext,
  principalFromContext,
  withClientCertificate,
  withIdentityContext,
  withImpersonation,
  withPrincipal,
} from './context';
export * from './extensions';
export {
  AuthorizationHeader,
  ClientCertificateHeader,
  ImpersonateHeader,
  PrincipalHeader,
  SslClientCertHeader,
  SslClientVerifyHeader,
} from './headers';
export * from './identity';
export { aclCacheKey } from './inbound/aclCacheKey';
export {
  type ACL,
  type ACLInput,
  type AuthClaims,
  type AuthorizationInfo,
  type AuthorizeInput,
  AuthzClaim,
  type BearerAuthenticator,
  generatePrincipal,
  systemAccountInfo,
  type Userinfo,
} from './inbound/authorization';
export {
  type ClientCertificateOptions,
  type ClientCertificateProvenance,
  certificatePem,
  type ExtractedClientCertificate,
  encodeClientCertificate,
  extractCaller,
  extractCallerCertificate,
  extractClientCertificate,
  parseClientCertificate,
} from './inbound/clientCertificate';
export {
  certificateSubject,
  extractTraceContext,
  type InboundCallOptions,
  type InboundIdentity,
  type InboundOperation,
  type InboundOptions,
  type InboundRequest,
  InboundValidator,
  inboundContext,
  runWithInboundContext,
  verifiedPeerCertificate,
} from './inbound/context';
export {
  AccessDeniedError,
  AuthenticatorError,
  ClientCertificateError,
  type InboundErrorCode,
  type InboundErrorResponse,
  InboundInternalError,
  InboundRequestError,
  inboundErrorResponse,
  PrincipalHeaderError,
  PrincipalVerificationError,
} from './inbound/errors';
export { ExpiringLRUCache, type ExpiringLRUCacheOptions } from './inbound/expiringCache';
export { exceedsJSONDepth, maxJSONNestingDepth } from './inbound/goJsonDecode';
export type { HeaderSource } from './inbound/headers';
export { type ExtractedPrincipal, extractPrincipal, readCallerPrincipal } from './inbound/principal';
export * from './inbound/remote';
export * from './inbound/wiring';
export type { KubeConfig } from './kubeConfig';
export { type AccessTokenGetter, accessTokenMutator, accessTokenMutatorName } from './mutators/accessTokenMutator';
export { apiMutators, controllerMutators, type MutatorChainOptions } from './mutators/chains';
export { clientCertificateMutator, clientCertificateMutatorName } from './mutators/clientCertificateMutator';
export { principalMutator, principalMutatorName } from './mutators/principalMutator';
export { signedPrincipalMutator, signedPrincipalMutatorName } from './mutators/signedPrincipalMutator';
export { traceContextMutator, traceContextMutatorName } from './mutators/traceContextMutator';
export { type OutboundRequest, type RequestMutator, setHeader } from './mutators/types';
export {
  decodePrincipalHeader,
  encodePrincipalHeader,
  marshalPrincipal,
  normalizePrincipal,
  type Principal,
  type PrincipalType,
  principalFromJSON,
  samePrincipal,
} from './principal';
export { principalFromResource, type ResourceWithMetadata } from './principalFromResource';
export * from './references';
export { RequestCancellation } from './requestCancellation';
export {
  DECODE_ERROR_BODY_PREFIX,
  RequestAbortedError,
  RequestTimeoutError,
  ResponseDecodeError,
  ResponseTooLargeError,
  safeBodyPrefix,
} from './requestErrors';
export {
  type CredentialSignerOptions,
  credentialSigner,
  dispatcherSigningSource,
  type PrincipalSigner,
  type SigningCredentialSource,
  type SigningSnapshot,
} from './signer';
export * from './telemetry';
export {
  type ClientTransport,
  DEFAULT_MAX_RESPONSE_BYTES,
  type QueryValue,
  sendRequest,
  type TransportRequest,
  type TransportResponse,
} from './transport';
