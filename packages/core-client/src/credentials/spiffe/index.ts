/**
 * SPIFFE credential source: `initSPIFFE`, the Workload API X.509 source and SPIFFE ID helpers.
 */

export { grpcTarget, SPIFFE_ENDPOINT_SOCKET_ENV, workloadEndpointAddress } from './endpointAddress';
export type { InitSPIFFEOptions, SpiffeCloser } from './initSpiffe';
export { initSPIFFE } from './initSpiffe';
export type { SpiffeID } from './spiffeId';
export { parseSpiffeId, parseTrustDomain, spiffeIdFromCertificate, uriSANs } from './spiffeId';
export { authorizeSpiffeId } from './spiffeTLS';
export { SpiffeCredentialSource, svidClientCredential } from './svidCredential';
export type {
  WorkloadAPIBackoff,
  WorkloadAPIClientOptions,
  X509ContextWatcher,
} from './workloadAPI';
export { WorkloadAPIClient } from './workloadAPI';
export type { X509Context, X509SVID } from './x509Context';
export type { X509SourceListener, X509SourceOptions } from './x509Source';
export { DEFAULT_SPIFFE_TIMEOUT_MS, X509Source } from './x509Source';
