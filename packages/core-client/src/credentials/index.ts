/**
 * Client credentials: what a credential is ({@link ClientCredential}), where a TLS client gets it from
 * ({@link CredentialSource}, reloaded by {@link ReloadingCredentialSource}), its lifecycle events and validity
 * checks, and the sources that provide it, one folder each: `secret/` (Kubernetes Secrets, the default) and
 * `spiffe/` (the SPIFFE Workload API).
 *
 * A source implements the internal `CredentialPlugin` interface (`plugin.ts`) and is listed once in `sources.ts`,
 * the only file that names the sources; the base files here import none of them, and no source imports another
 * (both rules are checked by `pnpm lint:deps`). A third source is a new folder and one entry in that list.
 */

export * from './clientCredential';
export * from './credentialEvents';
export * from './credentialExpiry';
export * from './credentialLogging';
export * from './credentialSource';
export * from './credentialValidity';
export type { ServerIdentityCheck, SigningKeys } from './plugin';
export * from './secret';
export { loadClientCredential } from './sources';
export * from './spiffe';
