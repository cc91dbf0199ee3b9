/**
 * Which private keys may sign principals. Released Go servers (core ≤ v1.19) verify `X-Principal` with PS512 and
 * RSA keys only and answer 400 to ES256/ES384; servers on the SPIFFE line accept EC keys too. Secret-sourced
 * credentials therefore default to `rsa`, SPIFFE-sourced ones (whose servers are on the SPIFFE line) to
 * `rsa-or-ec`.
 */

import type { KeyObject } from 'node:crypto';
import type { SigningKeys } from '../credentials/plugin';
import { credentialPlugin } from '../credentials/sources';
import { ClientCredentialError } from '../errors/errors';
import type { HTTPClientOptions } from '../options/options';
import { signingAlgorithm } from './signingAlgorithm';

/** The option and flag that choose {@link SigningKeys}. */
const SETTING = '--client-certificate-signing-keys=rsa-or-ec (signingKeys: "rsa-or-ec")';

/**
 * The signing-key policy of client options: `signingKeys` when set, else the source's default (`rsa` for Secrets,
 * `rsa-or-ec` for SPIFFE).
 *
 * @throws ClientCredentialError for a value other than `rsa`, `rsa-or-ec` or empty.
 */
export function signingKeysOf(options: Pick<HTTPClientOptions, 'signingKeys' | 'source'>): SigningKeys {
  switch (options.signingKeys) {
    case 'rsa':
    case 'rsa-or-ec':
      return options.signingKeys;
    case '':
      return credentialPlugin(options).defaultSigningKeys;
    default:
      throw new ClientCredentialError(
        `unknown --client-certificate-signing-keys ${JSON.stringify(options.signingKeys)} (want rsa or rsa-or-ec)`,
      );
  }
}

/**
 * Checks that `key` may sign under `policy`.
 *
 * @throws ClientCredentialError naming the key, the algorithm and the setting that allows it, when an EC key
 *   meets the `rsa` policy; UnsupportedKeyTypeError for keys that cannot sign at all.
 */
export function assertSigningKeyAllowed(key: KeyObject, policy: SigningKeys): void {
  const algorithm = signingAlgorithm(key);
  if (policy === 'rsa' && algorithm !== 'PS512') {
    throw new ClientCredentialError(
      `the client key is EC and would sign ${algorithm}, which released Go servers reject (they verify PS512 ` +
        `with RSA keys only); use an RSA client certificate, or set ${SETTING} when the servers accept ES256/ES384`,
    );
  }
}
