/**
 * @unikorn-cloud/identity-client — the Unikorn trust model for TypeScript services: delegated principal and
 * context, ordered request mutators (trace context → client-certificate relay → principal), BaseClient with
 * apiClient()/controllerClient() generic over any generated client, and the inbound side.
 */

export { BaseClient, type BaseClientSettings, type ClientBuilder } from './baseClient';
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
export {
  AuthorizationHeader,
  ClientCertificateHeader,
  ImpersonateHeader,
  PrincipalHeader,
  SslClientCertHeader,
  SslClientVerifyHeader,
} from './headers';
export {
  type ClientCertificateOptions,
  type ClientCertificateProvenance,
  certificatePem,
  type ExtractedClientCertificate,
  encodeClientCertificate,
  extractCallerCertificate,
  extractClientCertificate,
  parseClientCertificate,
} from './inbound/clientCertificate';
export {
  certificateSubject,
  type InboundIdentity,
  type InboundOptions,
  type InboundRequest,
  inboundContext,
  runWithInboundContext,
  verifiedPeerCertificate,
} from './inbound/context';
export {
  AccessDeniedError,
  ClientCertificateError,
  type InboundErrorCode,
  type InboundErrorResponse,
  InboundRequestError,
  inboundErrorResponse,
  PrincipalHeaderError,
  PrincipalVerificationError,
} from './inbound/errors';
export type { HeaderSource } from './inbound/headers';
export { type ExtractedPrincipal, extractPrincipal } from './inbound/principal';
export { queryEscape, queryUnescape } from './inbound/queryEscape';
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
export {
  type ClientTransport,
  DEFAULT_MAX_RESPONSE_BYTES,
  type QueryValue,
  sendRequest,
  type TransportRequest,
  type TransportResponse,
} from './transport';
