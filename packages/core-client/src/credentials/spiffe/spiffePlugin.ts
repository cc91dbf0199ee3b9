/**
 * The `spiffe` client-certificate source: the X509-SVID and trust bundles streamed by the SPIFFE Workload API,
 * through the source `initSPIFFE` registered on the options.
 */

import type { CredentialPlugin } from '../plugin';
import { spiffeSourceKey } from './registry';
import { spiffeTLSClientConfig } from './spiffeTLS';
import { spiffeClientCredential } from './svidCredential';

/**
 * `--client-certificate-source=spiffe`. Nothing is read from Kubernetes. Servers on the SPIFFE line accept EC keys,
 * so the default signing-key policy is `rsa-or-ec`. The registered source is part of the cache key.
 */
export const spiffePlugin: CredentialPlugin = {
  name: 'spiffe',
  defaultSigningKeys: 'rsa-or-ec',
  signingCredential: async (_kube, clientOptions) => spiffeClientCredential(clientOptions),
  tls: async (_kube, _options, clientOptions) => spiffeTLSClientConfig(clientOptions),
  cacheKey: spiffeSourceKey,
};
