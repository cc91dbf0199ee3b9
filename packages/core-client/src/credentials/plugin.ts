/**
 * What a client-certificate source is to the rest of the package: one {@link CredentialPlugin} per value of
 * `--client-certificate-source`. The TLS setup, the signer and the dispatcher cache ask the plug-in chosen by the
 * options and know no source by name; every source implements this interface and is listed once in `sources.ts`.
 */

import type { PeerCertificate } from 'node:tls';
import type { KubeConfig } from '@kubernetes/client-node';
import type { HTTPClientOptions, HTTPOptions } from '../options/options';
import type { ClientCredential } from './clientCredential';
import type { CredentialSource } from './credentialSource';

/** `rsa`: PS512 with RSA keys only. `rsa-or-ec`: also ES256 (P-256) and ES384 (P-384). */
export type SigningKeys = 'rsa' | 'rsa-or-ec';

/** Node's `checkServerIdentity` hook: an Error rejects the server. */
export type ServerIdentityCheck = (hostname: string, certificate: PeerCertificate) => Error | undefined;

/** What a source contributes to a TLS client configuration (the TLS version and signing policy are added around it). */
export interface CredentialTLS {
  /** PEM CA certificates to trust exclusively; undefined means the system roots. */
  ca?: string[];
  /** The client credential with its update policy; undefined means no client certificate. */
  credential?: CredentialSource;
  /** Replaces hostname verification, when the source authorises the server another way. */
  checkServerIdentity?: ServerIdentityCheck;
}

/** One client-certificate source, chosen by `--client-certificate-source`. */
export interface CredentialPlugin {
  /** The `--client-certificate-source` value that selects it. */
  readonly name: string;
  /** The signing-key policy when `--client-certificate-signing-keys` is empty. */
  readonly defaultSigningKeys: SigningKeys;
  /**
   * The credential to sign with now, loaded fresh (Go's credential selection for `EncodeAndSign`).
   *
   * @returns The credential, or undefined when the source has nothing configured.
   */
  signingCredential(kube: KubeConfig, clientOptions: HTTPClientOptions): Promise<ClientCredential | undefined>;
  /** The trusted CAs, the client credential and the server check of a TLS client. */
  tls(kube: KubeConfig, options: HTTPOptions, clientOptions: HTTPClientOptions): Promise<CredentialTLS>;
  /**
   * What, beyond the options' own fields, decides which credential these options get (for dispatcher cache keys);
   * never throws.
   */
  cacheKey(clientOptions: HTTPClientOptions): number | string;
}
