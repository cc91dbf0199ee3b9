/**
 * Mutator 3 of API clients: the context principal, unsigned (identity `principal.Injector`).
 */

import { principalFromContext } from '../context';
import { ImpersonateHeader, PrincipalHeader } from '../headers';
import { encodePrincipalHeader, type Principal, samePrincipal } from '../principal';
import { type RequestMutator, setHeader } from './types';

/** Name of the API principal mutator, for logs and tests. */
export const principalMutatorName = 'principalMutator';

// A context principal is sent on every request of its scope: encode it once per object, and again only when one of
// its fields changed since (a snapshot of the fields is compared, so mutating the object is safe).
const encodedPrincipals = new WeakMap<Principal, { readonly snapshot: Principal; readonly header: string }>();

function principalHeaderValue(principal: Principal): string {
  const cached = encodedPrincipals.get(principal);
  if (cached !== undefined && samePrincipal(cached.snapshot, principal)) {
    return cached.header;
  }
  const header = encodePrincipalHeader(principal);
  const snapshot = { ...principal, organizationIds: principal.organizationIds && [...principal.organizationIds] };
  encodedPrincipals.set(principal, { snapshot, header });
  return header;
}

/**
 * Sets `X-Principal` to the unpadded base64url Go JSON of the context principal, and `X-Impersonate: true` when
 * the context is flagged for impersonation. A missing principal aborts the request with
 * `context invalid: principal is not defined`.
 */
export function principalMutator(): RequestMutator {
  const mutator: RequestMutator = (request, context) => {
    const principal = principalFromContext(context);
    setHeader(request.headers, PrincipalHeader, principalHeaderValue(principal));
    if (context.impersonate === true) {
      setHeader(request.headers, ImpersonateHeader, 'true');
    }
  };
  Object.defineProperty(mutator, 'name', { value: principalMutatorName });
  return mutator;
}
