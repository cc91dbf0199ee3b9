/**
 * Mutator 3 of API clients: the context principal, unsigned (identity `principal.Injector`).
 */

import { principalFromContext } from '../context';
import { ImpersonateHeader, PrincipalHeader } from '../headers';
import { encodePrincipalHeader } from '../principal';
import { type RequestMutator, setHeader } from './types';

/** Name of the API principal mutator, for logs and tests. */
export const principalMutatorName = 'principalMutator';

/**
 * Sets `X-Principal` to the unpadded base64url Go JSON of the context principal, and `X-Impersonate: true` when
 * the context is flagged for impersonation. A missing principal aborts the request with
 * `context invalid: principal is not defined`.
 */
export function principalMutator(): RequestMutator {
  const mutator: RequestMutator = (request, context) => {
    const principal = principalFromContext(context);
    setHeader(request.headers, PrincipalHeader, encodePrincipalHeader(principal));
    if (context.impersonate === true) {
      setHeader(request.headers, ImpersonateHeader, 'true');
    }
  };
  Object.defineProperty(mutator, 'name', { value: principalMutatorName });
  return mutator;
}
