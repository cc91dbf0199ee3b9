import type { OperationHandler as ContractOperationHandler } from '../common/types';
import type { NetworkStore } from './networkStore';
import type { RegionCatalog } from './regionCatalog';

export { emptyResponse, jsonResponse } from '../common/responses';

/** The server's in-memory state, as operation handlers see it. */
export interface RegionState {
  readonly networks: NetworkStore;
  readonly catalog: RegionCatalog;
  /** `info.version` of the contract. */
  readonly version: string;
}

/** Answers one validated, authenticated and authorized region operation. */
export type OperationHandler = ContractOperationHandler<RegionState>;
