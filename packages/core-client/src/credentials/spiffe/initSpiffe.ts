/**
 * `initSPIFFE` (Go `InitSPIFFE`): the startup hook of SPIFFE mode. It validates the client options, connects to
 * the Workload API and registers the X.509 source on the options, where TLS configuration and signing find it.
 */

import { ClientCredentialError } from '../../errors/errors';
import { clientCertificateSource, type HTTPClientOptions } from '../../options/options';
import { assertNoSecretConflict, registerSpiffeSource, requireServerId } from './registry';
import type { WorkloadAPIBackoff } from './workloadAPI';
import { X509Source } from './x509Source';

/** Releases what {@link initSPIFFE} opened. */
export interface SpiffeCloser {
  /** Closes the Workload API stream; later signing fails with `fetching SVID: x509source: source is closed`. */
  close(): Promise<void>;
}

/** Options of {@link initSPIFFE}. */
export interface InitSPIFFEOptions {
  /** Workload API address (`unix:///path`, `unix:/path`, `tcp://ip:port`); default `$SPIFFE_ENDPOINT_SOCKET`. */
  endpointSocket?: string;
  /** How long to wait for the first X.509-SVID response; default 30 s. */
  timeoutMs?: number;
  /** Reconnect backoff of the Workload API stream (default linear 1 s steps up to 30 s, like go-spiffe). */
  backoff?: WorkloadAPIBackoff;
}

const noopCloser: SpiffeCloser = { close: async () => undefined };

/**
 * Prepares `clientOptions` for its credential source. `secret` (or empty): nothing to do, a no-op closer.
 * `spiffe`: connects to the Workload API, waits for the first SVID and registers the live source on these
 * options (a later call replaces the registration); clients built from them then present the SVID and sign with
 * its key.
 *
 * @throws ClientCredentialError `unknown --client-certificate-source "<value>"`, the
 *   `--client-certificate-source=spiffe conflicts with …` text, `--spiffe-server-id is required in spiffe mode`,
 *   `parsing --spiffe-server-id: <err>`, or `connecting to the Workload API: <err>`.
 */
export async function initSPIFFE(
  clientOptions: HTTPClientOptions,
  options: InitSPIFFEOptions = {},
): Promise<SpiffeCloser> {
  if (clientCertificateSource(clientOptions) === 'secret') {
    return noopCloser;
  }
  assertNoSecretConflict(clientOptions);
  requireServerId(clientOptions);

  let source: X509Source;
  try {
    source = await X509Source.create({
      address: options.endpointSocket,
      timeoutMs: options.timeoutMs,
      backoff: options.backoff,
    });
  } catch (error) {
    throw new ClientCredentialError(`connecting to the Workload API: ${(error as Error).message}`, { cause: error });
  }
  registerSpiffeSource(clientOptions, source);
  return {
    close: async () => {
      // Stays registered, so later use fails with `fetching SVID: x509source: source is closed` (as in Go).
      source.close();
    },
  };
}
