/**
 * SPIFFE sources registered per {@link HTTPClientOptions} instance by `initSPIFFE`, and the option checks of
 * SPIFFE mode with Go's error texts.
 */

import { ClientCredentialError } from '../../errors/errors';
import type { HTTPClientOptions } from '../../options/options';
import { parseSpiffeId, type SpiffeID } from './spiffeId';
import type { X509Source } from './x509Source';

const sources = new WeakMap<HTTPClientOptions, X509Source>();
const sourceIds = new WeakMap<X509Source, number>();
let nextSourceId = 1;

/** Makes `source` the SPIFFE source of `clientOptions` (replacing an earlier one). */
export function registerSpiffeSource(clientOptions: HTTPClientOptions, source: X509Source): void {
  if (!sourceIds.has(source)) {
    sourceIds.set(source, nextSourceId++);
  }
  sources.set(clientOptions, source);
}

/** A number identifying the registered source of `clientOptions` (0 when none), for cache keys. */
export function spiffeSourceKey(clientOptions: HTTPClientOptions): number {
  const source = sources.get(clientOptions);
  return source === undefined ? 0 : (sourceIds.get(source) ?? 0);
}

/**
 * Rejects SPIFFE mode combined with a client-certificate Secret.
 *
 * @throws ClientCredentialError `--client-certificate-source=spiffe conflicts with …; set one or the other`.
 */
export function assertNoSecretConflict(clientOptions: HTTPClientOptions): void {
  if (clientOptions.certificateName !== '' || clientOptions.certificateNamespace !== '') {
    throw new ClientCredentialError(
      '--client-certificate-source=spiffe conflicts with --client-certificate-name/--client-certificate-namespace; set one or the other',
    );
  }
}

/**
 * The source `initSPIFFE` registered for these options.
 *
 * @throws ClientCredentialError `SPIFFE sources not initialised; call InitSPIFFE before building clients`.
 */
export function requireSpiffeSource(clientOptions: HTTPClientOptions): X509Source {
  const source = sources.get(clientOptions);
  if (source === undefined) {
    throw new ClientCredentialError('SPIFFE sources not initialised; call InitSPIFFE before building clients');
  }
  return source;
}

/**
 * The parsed `--spiffe-server-id`.
 *
 * @throws ClientCredentialError `--spiffe-server-id is required in spiffe mode` or
 *   `parsing --spiffe-server-id: <go-spiffe error>`.
 */
export function requireServerId(clientOptions: HTTPClientOptions): SpiffeID {
  if (clientOptions.spiffeServerId === '') {
    throw new ClientCredentialError('--spiffe-server-id is required in spiffe mode');
  }
  try {
    return parseSpiffeId(clientOptions.spiffeServerId);
  } catch (error) {
    throw new ClientCredentialError(`parsing --spiffe-server-id: ${(error as Error).message}`, { cause: error });
  }
}
