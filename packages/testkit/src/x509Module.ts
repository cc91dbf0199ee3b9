import { webcrypto } from 'node:crypto';
import type * as X509 from '@peculiar/x509';

/** The `@peculiar/x509` module namespace. */
export type X509Module = typeof X509;

let loading: Promise<X509Module> | undefined;

/**
 * Loads `@peculiar/x509` lazily, after the `reflect-metadata` polyfill its tsyringe dependency needs, and points its
 * crypto provider at Node's WebCrypto. Both are loaded in this order on first use so that the polyfill is in place
 * before tsyringe evaluates, whatever the bundler does with static import order.
 */
export function loadX509(): Promise<X509Module> {
  if (loading === undefined) {
    loading = import('reflect-metadata')
      .then(() => import('@peculiar/x509'))
      .then((x509) => {
        x509.cryptoProvider.set((globalThis.crypto ?? webcrypto) as Crypto);
        return x509;
      });
  }
  return loading;
}
