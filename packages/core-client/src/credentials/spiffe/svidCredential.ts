/**
 * The X509-SVID as a client credential: for signing (the current SVID, Go's credential selection) and for TLS
 * (a {@link CredentialSource} whose epoch moves whenever the Workload API streams a new SVID or bundle).
 */

import { createHash } from 'node:crypto';
import { ClientCredentialError } from '../../errors/errors';
import type { HTTPClientOptions } from '../../options/options';
import type { ClientCredential } from '../clientCredential';
import { CredentialEventEmitter, type CredentialEventListener } from '../credentialEvents';
import {
  type CredentialChangeListener,
  type CredentialSource,
  credentialIdentity,
  type SourcedCredential,
} from '../credentialSource';
import { leafValidityRefusal } from '../credentialValidity';
import { assertNoSecretConflict, requireSpiffeSource } from './registry';
import type { X509SVID } from './x509Context';
import type { X509Source } from './x509Source';

/**
 * Converts an SVID like Go's `tls.Certificate` conversion: chain = every SVID certificate in order (leaf first),
 * private key = the SVID key, leaf set.
 *
 * @throws ClientCredentialError `SVID carries no certificates`.
 */
export function svidClientCredential(svid: X509SVID): ClientCredential {
  const [leaf] = svid.certificates;
  if (leaf === undefined) {
    throw new ClientCredentialError('SVID carries no certificates');
  }
  const chain = [...svid.certificates];
  return {
    certificateChainPem: chain.map((certificate) => certificate.toString()).join(''),
    privateKeyPem: svid.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    privateKey: svid.privateKey,
    leaf,
    chain,
    fingerprint: createHash('sha256').update(leaf.raw).digest('hex'),
  };
}

/** The current SVID of a source as a credential, failures worded like Go (`fetching SVID: <err>`). */
function currentSvidCredential(source: X509Source): ClientCredential {
  let svid: X509SVID;
  try {
    svid = source.svid();
  } catch (error) {
    throw new ClientCredentialError(`fetching SVID: ${(error as Error).message}`, { cause: error });
  }
  return svidClientCredential(svid);
}

/**
 * The signing credential in SPIFFE mode (Go's credential selection for `EncodeAndSign`): the current SVID.
 *
 * @throws ClientCredentialError for a conflicting Secret, missing `initSPIFFE`, `fetching SVID: <err>` (e.g. the
 *   source was closed) or `SVID carries no certificates`.
 */
export function spiffeClientCredential(clientOptions: HTTPClientOptions): ClientCredential {
  assertNoSecretConflict(clientOptions);
  return currentSvidCredential(requireSpiffeSource(clientOptions));
}

/**
 * A {@link CredentialSource} over an {@link X509Source}: the current SVID as client certificate and the bundle of
 * the server's trust domain as `ca`. Updates are pushed by the Workload API stream, so it is never due for a
 * reload; the epoch moves on the first read after an update that changed the leaf or the bundle. An update whose
 * SVID is expired or not yet valid (system clock) is refused: the last good SVID is served and `refused` reported.
 */
export class SpiffeCredentialSource implements CredentialSource<SourcedCredential> {
  #generation: number;
  #credential: SourcedCredential;
  #identity: string;
  #epoch = 0;
  readonly #events = new CredentialEventEmitter();

  /**
   * @param source - The live X.509 source.
   * @param serverTrustDomain - Trust domain of the server ID; its bundle verifies the server.
   * @throws ClientCredentialError `fetching SVID: <err>` when the source is closed.
   */
  constructor(
    private readonly source: X509Source,
    private readonly serverTrustDomain: string,
  ) {
    this.#generation = source.generation;
    this.#credential = this.#load();
    this.#identity = credentialIdentity(this.#credential);
  }

  current(): SourcedCredential {
    this.#sync();
    return this.#credential;
  }

  get epoch(): number {
    this.#sync();
    return this.#epoch;
  }

  /** The Workload API's most recent stream or parse failure (the last good SVID is served meanwhile). */
  get lastError(): unknown {
    return this.source.lastError;
  }

  /** Always false: the Workload API pushes updates. */
  isDue(): boolean {
    return false;
  }

  refresh(): Promise<SourcedCredential> {
    return Promise.resolve(this.current());
  }

  /**
   * Registers a listener for lifecycle events (`epoch-changed`, `refused`), reported when an update is picked up.
   *
   * @returns A function removing the listener.
   */
  onEvent(listener: CredentialEventListener): () => void {
    return this.#events.on(listener);
  }

  onChange(listener: CredentialChangeListener<SourcedCredential>): () => void {
    return this.source.onUpdate(() => {
      const before = this.#epoch;
      this.#sync();
      if (this.#epoch !== before) {
        listener(this.#credential, this.#epoch);
      }
    });
  }

  #load(): SourcedCredential {
    const credential = currentSvidCredential(this.source);
    let ca: string[];
    try {
      ca = this.source.bundle(this.serverTrustDomain).map((certificate) => certificate.toString());
    } catch {
      // No bundle for the server's trust domain: trust nothing, so the handshake fails verification.
      ca = [];
    }
    return { ...credential, ca };
  }

  /** Picks up the latest update; a closed source keeps serving the last credential. */
  #sync(): void {
    const generation = this.source.generation;
    if (generation === this.#generation || this.source.closed) {
      return;
    }
    this.#generation = generation;
    const credential = this.#load();
    const refusal = leafValidityRefusal(credential.leaf, credential.fingerprint, Date.now());
    if (refusal) {
      this.#events.emit({ type: 'refused', ...refusal, failures: 1, retryInMs: 0 });
      return;
    }
    const identity = credentialIdentity(credential);
    this.#credential = credential;
    if (identity !== this.#identity) {
      this.#identity = identity;
      this.#epoch++;
      this.#events.emit({
        type: 'epoch-changed',
        epoch: this.#epoch,
        fingerprint: credential.fingerprint,
        notAfter: credential.leaf.validToDate,
      });
    }
  }
}
