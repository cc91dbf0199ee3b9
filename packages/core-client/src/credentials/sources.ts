/**
 * The client-certificate sources this package ships, and the choice among them by `--client-certificate-source`.
 * This is the only file that names a source: adding one is a new folder implementing {@link CredentialPlugin} and
 * one entry in {@link CREDENTIAL_PLUGINS}; the existing sources stay as they are.
 */

import type { KubeConfig } from '@kubernetes/client-node';
import { ClientCredentialError } from '../errors/errors';
import type { HTTPClientOptions } from '../options/options';
import type { ClientCredential } from './clientCredential';
import type { CredentialPlugin } from './plugin';
import { secretPlugin } from './secret/secretPlugin';
import { spiffePlugin } from './spiffe/spiffePlugin';

/** Every source, by `--client-certificate-source` value; an empty value means the first (`secret`, as in Go). */
export const CREDENTIAL_PLUGINS: readonly CredentialPlugin[] = [secretPlugin, spiffePlugin];

/**
 * The source `options.source` names (empty: the first of `plugins`).
 *
 * @throws ClientCredentialError `unknown --client-certificate-source "<value>"` when no source has that name.
 */
export function credentialPlugin(
  options: Pick<HTTPClientOptions, 'source'>,
  plugins: readonly CredentialPlugin[] = CREDENTIAL_PLUGINS,
): CredentialPlugin {
  const plugin = options.source === '' ? plugins[0] : plugins.find(({ name }) => name === options.source);
  if (plugin === undefined) {
    throw new ClientCredentialError(`unknown --client-certificate-source ${JSON.stringify(options.source)}`);
  }
  return plugin;
}

/** Every source's {@link CredentialPlugin.cacheKey} for these options, as one cache-key part. */
export function credentialCacheKey(clientOptions: HTTPClientOptions): string {
  return CREDENTIAL_PLUGINS.map((plugin) => plugin.cacheKey(clientOptions)).join('/');
}

/**
 * Loads the client credential once, from the configured source: fresh from its Secret, or in SPIFFE mode the
 * current X509-SVID (chain in order, leaf first, and its key; nothing is read from Kubernetes).
 *
 * @returns The credential, or undefined when the certificate namespace or name is empty (secret mode).
 * @throws ClientCredentialError for an unknown source; in SPIFFE mode the `conflicts with` text,
 *   `SPIFFE sources not initialised; call InitSPIFFE before building clients` or `fetching SVID: <err>`;
 *   otherwise as `readClientCredential`.
 */
export async function loadClientCredential(
  kube: KubeConfig,
  clientOptions: HTTPClientOptions,
): Promise<ClientCredential | undefined> {
  return credentialPlugin(clientOptions).signingCredential(kube, clientOptions);
}
