/**
 * Mutator 3 of controller clients: the principal of a persisted resource, signed (identity
 * `principal.ControllerInjector`).
 */

import { PrincipalHeader } from '../headers';
import { principalFromResource, type ResourceWithMetadata } from '../principalFromResource';
import type { PrincipalSigner } from '../signer';
import { type RequestMutator, setHeader } from './types';

/** Name of the controller (signed) principal mutator, for logs and tests. */
export const signedPrincipalMutatorName = 'signedPrincipalMutator';

/**
 * Sets `X-Principal` to a compact JWS of `principalFromResource(resource)`, signed by `signer` with the key of the
 * request's credential snapshot (the service's own client key, matching the certificate of the connection that
 * carries the request). Never sets `X-Impersonate`. Errors (missing labels/annotations, signing) abort the request.
 */
export function signedPrincipalMutator(resource: ResourceWithMetadata, signer: PrincipalSigner): RequestMutator {
  const mutator: RequestMutator = (request) => {
    const principal = principalFromResource(resource);
    // Usually signed already: set at once (a synchronous mutator costs the request no promise and no turn).
    const signed = signer.signedToken?.(principal, request.credential);
    if (signed !== undefined) {
      setHeader(request.headers, PrincipalHeader, signed);
      return undefined;
    }
    return signer.sign(principal, request.credential).then((token) => {
      setHeader(request.headers, PrincipalHeader, token);
    });
  };
  Object.defineProperty(mutator, 'name', { value: signedPrincipalMutatorName });
  return mutator;
}
