/**
 * Signing of controller principals with the service's own client key, cached per (principal, credential epoch)
 * so repeated requests for the same resource do not re-sign.
 */

import type { KeyObject } from 'node:crypto';
import {
  assertSigningKeyAllowed,
  ClientCredentialError,
  type CredentialDispatcher,
  type SigningKeys,
  signCompact,
} from '@unikorn-cloud/core-client';
import { marshalPrincipal, normalizePrincipal, type Principal, samePrincipal } from './principal';

/** The credential snapshot a request signs with (core's `CredentialLease` satisfies it). */
export interface SigningSnapshot {
  /** The credential epoch of the snapshot. */
  readonly epoch: number;
  /** The credential, or undefined when no client certificate is configured. */
  readonly credential: { readonly privateKey: KeyObject } | undefined;
  /** Which keys may sign (default `rsa`). */
  readonly signingKeys?: SigningKeys;
}

/** Produces the `X-Principal` JWS of a controller request. */
export interface PrincipalSigner {
  /**
   * Returns a compact JWS (`{"alg":…}` header, Go JSON payload) of `principal`, signed with the key of `snapshot`
   * when given (the request's credential lease), else with the source's current key.
   */
  sign(principal: Principal, snapshot?: SigningSnapshot): Promise<string>;
  /**
   * The JWS {@link PrincipalSigner.sign} would resolve with, when it is already signed and cached for `principal`
   * under `snapshot`'s epoch; otherwise undefined (then call `sign`). No I/O, never throws. Optional: it only spares
   * the controller mutator a promise and its microtask turns on the usual, cached path.
   */
  signedToken?(principal: Principal, snapshot?: SigningSnapshot): string | undefined;
}

/**
 * Where the signing key comes from. Core's `CredentialDispatcher` satisfies it: the key is the one whose
 * certificate the TLS connection presents, so the callee can verify the JWS with the caller's certificate.
 */
export interface SigningCredentialSource {
  /** The client credential of the current epoch (no I/O), or undefined when none is configured. */
  currentCredential(): { readonly privateKey: KeyObject } | undefined;
  /** Changes whenever the credential is replaced (rotation). */
  readonly credentialEpoch: number;
  /**
   * Waits (bounded) for a due reload first, so the signing key matches the certificate the next TLS connection
   * presents. Must not reject. May return undefined when nothing is due (no wait at all). Used only when `sign` is
   * called without a snapshot.
   */
  refreshIfDue?(): Promise<unknown> | undefined;
  /** Which keys may sign (default `rsa`). */
  readonly signingKeys?: SigningKeys;
}

/** Tuning of {@link credentialSigner}. */
export interface CredentialSignerOptions {
  /** Most cached tokens kept per epoch (oldest dropped first). Default 1024. */
  maxEntries?: number;
}

/** A cached signature: the pending JWS, and its value once signed. */
interface CachedToken {
  readonly token: Promise<string>;
  value?: string;
}

class CachingCredentialSigner implements PrincipalSigner {
  private epoch: number;
  private readonly tokens = new Map<string, CachedToken>();
  /** The most recently used token and its (normalized) principal: a controller signs the same one again and again. */
  private last: { readonly principal: Principal; readonly cached: CachedToken } | undefined;

  constructor(
    private readonly source: SigningCredentialSource,
    private readonly maxEntries: number,
  ) {
    this.epoch = source.credentialEpoch;
  }

  sign(principal: Principal, snapshot?: SigningSnapshot): Promise<string> {
    if (snapshot !== undefined) {
      return this.signWith(principal, snapshot);
    }
    let refreshing: Promise<unknown> | undefined;
    try {
      refreshing = this.source.refreshIfDue?.();
      // Nothing due (the usual case): answer from the cache without an extra promise and microtask turn.
      if (refreshing === undefined) {
        return this.signWith(principal, this.currentSnapshot());
      }
    } catch (error) {
      return Promise.reject(error);
    }
    return refreshing.then(() => this.signWith(principal, this.currentSnapshot()));
  }

  signedToken(principal: Principal, snapshot?: SigningSnapshot): string | undefined {
    // Without a snapshot `sign` may first wait for a due reload: only the asynchronous path knows.
    if (snapshot === undefined || snapshot.epoch !== this.epoch) return undefined;
    return this.cachedFor(principal)?.value;
  }

  /** The cache entry of `principal` in the current epoch (then remembered as the last one used), or undefined. */
  private cachedFor(principal: Principal): CachedToken | undefined {
    const last = this.last;
    if (last !== undefined && samePrincipal(last.principal, principal)) return last.cached;
    const cached = this.tokens.get(marshalPrincipal(principal));
    if (cached !== undefined) this.last = { principal: normalizePrincipal(principal), cached };
    return cached;
  }

  private currentSnapshot(): SigningSnapshot {
    return {
      epoch: this.source.credentialEpoch,
      credential: this.source.currentCredential(),
      signingKeys: this.source.signingKeys,
    };
  }

  private signWith(principal: Principal, snapshot: SigningSnapshot): Promise<string> {
    const { epoch, credential } = snapshot;
    if (epoch < this.epoch) {
      // A request still leased to an older epoch: sign with its key, outside the cache of the newer epoch.
      return this.signFresh(normalizePrincipal(principal), credential, snapshot.signingKeys);
    }
    if (epoch !== this.epoch) {
      this.tokens.clear();
      this.last = undefined;
      this.epoch = epoch;
    }
    const known = this.cachedFor(principal);
    if (known !== undefined) {
      return known.token;
    }
    // A miss signs (milliseconds with RSA): marshalling the principal once more for the key is no cost beside it.
    const key = marshalPrincipal(principal);
    const normal = normalizePrincipal(principal);
    const token = this.signFresh(normal, credential, snapshot.signingKeys);
    const cached: CachedToken = { token };
    this.remember(key, cached);
    this.last = { principal: normal, cached };
    token.then(
      (value) => {
        cached.value = value;
      },
      () => {
        if (this.tokens.get(key) === cached) {
          this.tokens.delete(key);
        }
        if (this.last?.cached === cached) {
          this.last = undefined;
        }
      },
    );
    return token;
  }

  private signFresh(
    principal: Principal,
    credential: SigningSnapshot['credential'],
    signingKeys: SigningKeys | undefined,
  ): Promise<string> {
    if (credential === undefined) {
      return Promise.reject(new ClientCredentialError('no client certificate configured to sign the principal'));
    }
    try {
      assertSigningKeyAllowed(credential.privateKey, signingKeys ?? 'rsa');
    } catch (error) {
      return Promise.reject(error);
    }
    return signCompact(principal, credential.privateKey);
  }

  private remember(key: string, token: CachedToken): void {
    if (this.tokens.size >= this.maxEntries) {
      const oldest = this.tokens.keys().next();
      if (oldest.done !== true) {
        this.tokens.delete(oldest.value);
      }
    }
    this.tokens.set(key, token);
  }
}

/**
 * A signer using the private key of the request's credential snapshot, or of `source`'s current credential
 * (core `signCompact`: RSA → PS512, P-256 → ES256, P-384 → ES384). Tokens are cached per principal JSON and reused
 * until the credential epoch changes. Fails with `client credential: …` when no client certificate is configured,
 * or when the key is EC and the signing-key policy is `rsa` (the default for Secret-sourced credentials).
 */
export function credentialSigner(
  source: SigningCredentialSource,
  options: CredentialSignerOptions = {},
): PrincipalSigner {
  return new CachingCredentialSigner(source, Math.max(1, options.maxEntries ?? 1024));
}

/**
 * The signing credentials of a core `CredentialDispatcher`: the credential source whose certificate its TLS
 * connections present (none when no client certificate is configured).
 */
export function dispatcherSigningSource(dispatcher: CredentialDispatcher): SigningCredentialSource {
  const source = dispatcher.config.credential;
  return {
    currentCredential: () => source?.current(),
    get credentialEpoch() {
      return source?.epoch ?? 0;
    },
    // The dispatcher's own shared, bounded reload wait: the signer never waits longer than a request would.
    refreshIfDue: () => dispatcher.reloadSettled(),
    signingKeys: dispatcher.config.signingKeys ?? 'rsa',
  };
}
