/**
 * `@unikorn-cloud/core-client`: TLS and HTTP construction for Unikorn service clients.
 *
 * One folder per concern, each with one entry (`index.ts`): `options/`, `credentials/` (with the `secret/` and
 * `spiffe/` sources), `tls/`, `http/` (dispatcher, leases, retries), `jws/`, `errors/`, `serverErrors/`,
 * `references/`, `manager/`, `kubernetes/`, `encoding/`, `ids/`, `text/`.
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
export * from './credentials';
export * from './encoding';
export * from './errors';
export * from './http';
export * from './ids';
export * from './jws';
export * from './kubernetes';
export * from './manager';
export * from './options';
export * from './references';
export * from './serverErrors';
export * from './serviceDescriptor';
export * from './text';
export * from './tls';
