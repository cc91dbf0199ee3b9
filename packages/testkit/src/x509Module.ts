import { webcrypto } from 'node:crypto';
import type * as X509 from '@peculiar/x509';
import { installReflectMetadata } from './reflectMetadata';

/** The `@peculiar/x509` module namespace. */
export type X509Module = typeof X509;

let loading: Promise<X509Module> | undefined;

/**
 * Loads `@peculiar/x509` lazily, after installing the `Reflect` metadata polyfill its tsyringe dependency needs, and
 * points its crypto provider at Node's WebCrypto. A static import would be evaluated before the polyfill in the
 * bundled ESM output, so the module is always loaded through this function.
 */
export function loadX509(): Promise<X509Module> {
  if (loading === undefined) {
    installReflectMetadata();
    loading = import('@peculiar/x509').then((x509) => {
      x509.cryptoProvider.set((globalThis.crypto ?? webcrypto) as Crypto);
      return x509;
    });
  }
  return loading;
}
