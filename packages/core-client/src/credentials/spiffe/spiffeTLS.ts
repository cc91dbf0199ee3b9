/**
 * The TLS configuration of SPIFFE mode (go-spiffe `tlsconfig.MTLSClientConfig` with `AuthorizeID`): present the
 * X509-SVID, verify the server against the SPIFFE trust bundle and accept exactly the configured SPIFFE ID.
 */

import { X509Certificate } from 'node:crypto';
import { ClientCredentialError } from '../../errors/errors';
import type { HTTPClientOptions } from '../../options/options';
import type { CredentialTLS, ServerIdentityCheck } from '../plugin';
import { requireServerId, requireSpiffeSource } from './registry';
import { type SpiffeID, spiffeIdFromCertificate } from './spiffeId';
import { SpiffeCredentialSource } from './svidCredential';

/**
 * A server check authorising exactly `serverId`, replacing hostname verification (by design, as in Go). It runs
 * after the chain was verified against the trust bundle; the leaf must carry a single SPIFFE ID URI SAN.
 *
 * @returns A check answering ClientCredentialError `unexpected ID "<presented ID>"` on a mismatch, or
 *   `x509svid: could not get SPIFFE ID: <reason>` when the leaf carries no valid SPIFFE ID.
 */
export function authorizeSpiffeId(serverId: SpiffeID): ServerIdentityCheck {
  return (_hostname, certificate) => {
    let presented: SpiffeID;
    try {
      presented = spiffeIdFromCertificate(new X509Certificate(certificate.raw));
    } catch (error) {
      return new ClientCredentialError(`x509svid: could not get SPIFFE ID: ${(error as Error).message}`);
    }
    if (presented.id !== serverId.id) {
      return new ClientCredentialError(`unexpected ID ${JSON.stringify(presented.id)}`);
    }
    return undefined;
  };
}

/**
 * The TLS credentials of SPIFFE mode: the SVID as client certificate, the server's trust
 * bundle as the only CAs (the CA Secret is not read), and {@link authorizeSpiffeId}.
 *
 * @throws ClientCredentialError `SPIFFE sources not initialised; …`, `--spiffe-server-id is required in spiffe
 *   mode`, `parsing --spiffe-server-id: <err>` or `fetching SVID: <err>`.
 */
export function spiffeTLSClientConfig(clientOptions: HTTPClientOptions): CredentialTLS {
  const source = requireSpiffeSource(clientOptions);
  const serverId = requireServerId(clientOptions);
  const credential = new SpiffeCredentialSource(source, serverId.trustDomain);
  return {
    ca: credential.current().ca,
    credential,
    checkServerIdentity: authorizeSpiffeId(serverId),
  };
}
