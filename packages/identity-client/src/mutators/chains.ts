/**
 * The ordered mutator chains of API and controller clients (identity `APIClient` / `ControllerClient`):
 * [access token] → trace context → client-certificate relay → principal.
 */

import type { ResourceWithMetadata } from '../principalFromResource';
import type { PrincipalSigner } from '../signer';
import { type AccessTokenGetter, accessTokenMutator } from './accessTokenMutator';
import { clientCertificateMutator } from './clientCertificateMutator';
import { principalMutator } from './principalMutator';
import { signedPrincipalMutator } from './signedPrincipalMutator';
import { traceContextMutator } from './traceContextMutator';
import type { RequestMutator } from './types';

/** Options shared by both chains. */
export interface MutatorChainOptions {
  /** When set, `Authorization: bearer <token>` is added first (legacy); absent by default. */
  accessToken?: AccessTokenGetter;
}

function prefix(options: MutatorChainOptions): RequestMutator[] {
  return options.accessToken === undefined ? [] : [accessTokenMutator(options.accessToken)];
}

/** The API-client chain: trace context, certificate relay, unsigned context principal. */
export function apiMutators(options: MutatorChainOptions = {}): readonly RequestMutator[] {
  return [...prefix(options), traceContextMutator(), clientCertificateMutator(), principalMutator()];
}

/** The controller-client chain: trace context, certificate relay, principal of `resource` signed by `signer`. */
export function controllerMutators(
  resource: ResourceWithMetadata,
  signer: PrincipalSigner,
  options: MutatorChainOptions = {},
): readonly RequestMutator[] {
  return [
    ...prefix(options),
    traceContextMutator(),
    clientCertificateMutator(),
    signedPrincipalMutator(resource, signer),
  ];
}
