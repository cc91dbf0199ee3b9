/**
 * Optional mutator (legacy identity ≤ v1.12 behaviour): a bearer access token. Not used by default.
 */

import { AuthorizationHeader } from '../headers';
import { type RequestMutator, setHeader } from './types';

/** Returns the access token to send; a rejection aborts the request. */
export type AccessTokenGetter = () => string | Promise<string>;

/** Name of the access-token mutator, for logs and tests. */
export const accessTokenMutatorName = 'accessTokenMutator';

/** Sets `Authorization: bearer <token>` (lowercase `bearer`, as Go does) from `getter`. */
export function accessTokenMutator(getter: AccessTokenGetter): RequestMutator {
  const mutator: RequestMutator = async (request) => {
    setHeader(request.headers, AuthorizationHeader, `bearer ${await getter()}`);
  };
  Object.defineProperty(mutator, 'name', { value: accessTokenMutatorName });
  return mutator;
}
