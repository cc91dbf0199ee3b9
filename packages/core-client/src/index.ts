/**
 * `@unikorn-cloud/core-client`: TLS and HTTP construction for Unikorn service clients.
 *
 * - Options with the Go flag names: {@link HTTPOptions}, {@link HTTPClientOptions}.
 * - TLS from Kubernetes Secrets: {@link tlsClientConfig}, certificate reload ({@link ReloadingCredentialSource}).
 * - Pooled undici dispatchers per TLS identity: {@link httpDispatcher}, {@link DispatcherCache}.
 * - SPIFFE: {@link initSPIFFE} (X509-SVIDs from the Workload API as client certificate and signing key).
 * - Signed payloads: {@link encodeAndSign}, {@link verifyAndDecode}.
 * - Resource references: {@link generateResourceReference}; references kept as finalizers ({@link addResourceReference}
 *   and friends, Go `core/pkg/manager`).
 * - IDs: Go's uuid grammar ({@link parseUUID}) and distinct UUID-backed ID types ({@link uuidType}).
 * - Errors: one class per Go sentinel, {@link APIError}, {@link propagateError}.
 *
 * @packageDocumentation
 */

/** The undici dispatcher type every client in this family sends through. */
export type { Dispatcher } from 'undici';
export * from './credentials/clientCredential';
export * from './credentials/credentialSource';
export type { ServerIdentityCheck, SigningKeys } from './credentials/plugin';
export * from './credentials/secret/secrets';
export { loadClientCredential } from './credentials/sources';
export * from './credentials/spiffe';
export * from './encoding';
export * from './encoding/goJson';
export * from './encoding/pathEscape';
export * from './errors/apiError';
export * from './errors/errors';
export * from './errors/propagateError';
export * from './http/dispatcher';
export * from './http/retryPolicy';
export * from './ids';
export * from './jws/jws';
export * from './jws/signingAlgorithm';
export * from './jws/signingKeys';
export * from './kubernetes/constants';
export * from './kubernetes/kubernetesContext';
export * from './manager';
export * from './options/duration';
export * from './options/flags';
export * from './options/options';
export * from './references/resourceReference';
export * from './serverErrors';
export * from './serviceDescriptor';
export * from './text';
export * from './tls/tlsClientConfig';
