/**
 * The `secret` client-certificate source (the default): the CA and the client certificate read from
 * `kubernetes.io/tls` Secrets, the client certificate (and CA) reloaded lazily by a {@link ReloadingCredentialSource}.
 */

import type { KubeConfig } from '@kubernetes/client-node';
import type { HTTPClientOptions, HTTPOptions } from '../../options/options';
import type { ClientCredential } from '../clientCredential';
import { ReloadingCredentialSource, type SourcedCredential } from '../credentialSource';
import type { CredentialPlugin, CredentialTLS } from '../plugin';
import { loadCertificateAuthority, readClientCredential } from './secrets';

/** The client certificate Secret read fresh, or undefined when its namespace or name is empty. */
async function signingCredential(
  kube: KubeConfig,
  clientOptions: HTTPClientOptions,
): Promise<ClientCredential | undefined> {
  if (clientOptions.certificateNamespace === '' || clientOptions.certificateName === '') {
    return undefined;
  }
  return readClientCredential(
    kube,
    clientOptions.certificateNamespace,
    clientOptions.certificateName,
    clientOptions.secretReadTimeoutMs,
  );
}

/**
 * Loads the CA (Go `ApplyTLSConfig`), then the client credential into a {@link ReloadingCredentialSource}. When a
 * client credential is configured the source also reloads the CA, so `ca` here is its first value and later values
 * come from the source.
 */
async function tls(kube: KubeConfig, options: HTTPOptions, clientOptions: HTTPClientOptions): Promise<CredentialTLS> {
  const { certificateNamespace, certificateName } = clientOptions;

  if (certificateNamespace === '' || certificateName === '') {
    const ca = await loadCertificateAuthority(kube, options, clientOptions.secretReadTimeoutMs);
    return { ca };
  }

  const loader = async (): Promise<SourcedCredential> => {
    const timeoutMs = clientOptions.secretReadTimeoutMs;
    const ca = await loadCertificateAuthority(kube, options, timeoutMs);
    const credential = await readClientCredential(kube, certificateNamespace, certificateName, timeoutMs);
    return ca ? { ...credential, ca } : credential;
  };
  const credential = await ReloadingCredentialSource.create(loader, {
    intervalMs: clientOptions.reloadIntervalMs,
    now: () => clientOptions.now(),
  });
  return { ca: credential.current().ca, credential };
}

/**
 * `--client-certificate-source=secret`. Released Go servers verify PS512 with RSA keys only, so the default
 * signing-key policy is `rsa`. The Secrets are named by the options' own fields, so the cache key adds nothing.
 */
export const secretPlugin: CredentialPlugin = {
  name: 'secret',
  defaultSigningKeys: 'rsa',
  signingCredential,
  tls,
  cacheKey: () => 0,
};
