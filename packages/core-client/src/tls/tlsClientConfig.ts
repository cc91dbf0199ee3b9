/**
 * The client TLS configuration (Go `TLSClientConfig`): TLS 1.3 minimum, plus what the configured client-certificate
 * source provides: the service CA (or system roots) and the reloading client credential from Secrets, or in SPIFFE
 * mode the X509-SVID and trust bundle.
 */

import type { ConnectionOptions } from 'node:tls';
import type { KubeConfig } from '@kubernetes/client-node';
import type { CredentialSource } from '../credentials/credentialSource';
import type { ServerIdentityCheck, SigningKeys } from '../credentials/plugin';
import { credentialPlugin } from '../credentials/sources';
import { signingKeysOf } from '../jws/signingKeys';
import type { HTTPClientOptions, HTTPOptions } from '../options/options';

/** What a TLS client needs to reach one service. */
export interface TLSClientConfig {
  /** Always TLS 1.3, like Go. */
  minVersion: 'TLSv1.3';
  /** PEM CA certificates to trust exclusively; undefined means the system roots. */
  ca?: string[];
  /**
   * The client credential (and, when configured, the CA) with its update policy: a {@link ReloadingCredentialSource}
   * for Secrets, a SPIFFE source in SPIFFE mode; undefined means none.
   */
  credential?: CredentialSource;
  /** Replaces hostname verification (SPIFFE mode: authorise exactly `--spiffe-server-id`). */
  checkServerIdentity?: ServerIdentityCheck;
  /** Which keys may sign principals (default `rsa`; SPIFFE mode `rsa-or-ec`), see {@link signingKeysOf}. */
  signingKeys?: SigningKeys;
}

/**
 * Builds the TLS configuration: validates the credential source, loads the CA, then the client
 * credential into a {@link ReloadingCredentialSource}. When a client credential is configured the
 * source also reloads the CA, so `ca` here is its first value and later values come from the source.
 *
 * In SPIFFE mode (`--client-certificate-source=spiffe`, after `initSPIFFE`) nothing is read from Kubernetes: the
 * SVID is the client certificate, the server's trust bundle replaces the CA and the server must present exactly
 * `--spiffe-server-id` (hostname verification is disabled by design, as in Go).
 *
 * @throws ClientCredentialError for an unknown `--client-certificate-source`, or in SPIFFE mode
 *   `SPIFFE sources not initialised; call InitSPIFFE before building clients`,
 *   `--spiffe-server-id is required in spiffe mode`, `parsing --spiffe-server-id: <err>`;
 *   SecretFormatError or Kubernetes errors from the initial loads.
 */
export async function tlsClientConfig(
  kube: KubeConfig,
  options: HTTPOptions,
  clientOptions: HTTPClientOptions,
): Promise<TLSClientConfig> {
  const signingKeys = signingKeysOf(clientOptions);
  const credentials = await credentialPlugin(clientOptions).tls(kube, options, clientOptions);
  return { minVersion: 'TLSv1.3', ...credentials, signingKeys };
}

/**
 * `tls.connect()` options for the configuration's current state (CA and credential as cached now). Server
 * verification is always on: `rejectUnauthorized: true` is set explicitly, so `NODE_TLS_REJECT_UNAUTHORIZED=0` in
 * the environment cannot switch it off (SPIFFE mode included).
 */
export function connectOptions(config: TLSClientConfig): ConnectionOptions {
  const current = config.credential?.current();
  const ca = current ? current.ca : config.ca;
  const result: ConnectionOptions = { minVersion: config.minVersion, rejectUnauthorized: true };
  if (ca) {
    result.ca = ca;
  }
  if (current) {
    result.cert = current.certificateChainPem;
    result.key = current.privateKeyPem;
  }
  if (config.checkServerIdentity) {
    result.checkServerIdentity = config.checkServerIdentity;
  }
  return result;
}
