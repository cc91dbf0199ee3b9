/**
 * Real local parts for tests: a throw-away certificate authority, a fake Kubernetes API server over HTTPS and an
 * mTLS server that records requests, a fault server and a fake SPIFFE Workload API. testkit depends on none of the other workspace packages and not on
 * `@kubernetes/client-node`: build a `KubeConfig` with `kc.loadFromString(api.kubeconfigYaml())`.
 * The contract-validating API servers live in `@unikorn-cloud/testkit-api`.
 *
 * @packageDocumentation
 */

export type { APIResource, ResourceDefinition } from './apiResources';
export { defaultResources } from './apiResources';
export type {
  CertificateAuthorityOptions,
  CertificateUsage,
  ClientIssueOptions,
  IssuedCertificate,
  IssueOptions,
  ServerIssueOptions,
} from './certificateAuthority';
export { CertificateAuthority, certificateFingerprint } from './certificateAuthority';
export { ConnectProxy } from './connectProxy';
export type { FakeKubernetesAPIOptions, FaultHook, FaultResult, RecordedAPIRequest } from './fakeKubernetesAPI';
export { FakeKubernetesAPI } from './fakeKubernetesAPI';
export {
  closedPort,
  type FaultBehaviour,
  FaultServer,
  resetConnection,
  resetMidResponse,
  stallBody,
  waitFor,
} from './faultServer';
export type { KeyType, PrivateKeyFormat } from './keys';
export { keyTypes } from './keys';
export type { KubeconfigOptions } from './kubeconfig';
export type { KubernetesStatus } from './kubernetesStatus';
export type {
  HandlerResponse,
  MTLSServerOptions,
  PeerCertificate,
  RecordedRequest,
  RequestHandler,
  ServerCertificate,
  TrustedCAs,
} from './mtlsServer';
export { MTLSServer } from './mtlsServer';
export type { KubernetesObjectLike, ObjectMetaInput, StoredObject } from './objectStore';
export * from './spiffe';
export { refusedPort, rejection } from './testHelpers';
export type { SecretObject, TLSSecretMaterial } from './tlsSecret';
export { tlsSecret } from './tlsSecret';
