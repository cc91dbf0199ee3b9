import type { OperationHandler } from '../common/types';
import type { IdentityStore } from './identityStore';
import type { TokenStore } from './tokenStore';

/** The identity server's in-memory state, as operation handlers see it. */
export interface IdentityState {
  readonly store: IdentityStore;
  /** Access tokens, passports and ACLs. */
  readonly tokens: TokenStore;
  /** `info.version` of the contract. */
  readonly version: string;
}

/** Answers one validated, authenticated and authorized identity operation. */
export type IdentityOperationHandler = OperationHandler<IdentityState>;
