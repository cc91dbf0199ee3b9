import { marshalGoJSON } from '@unikorn-cloud/core-client';
import type { HandlerResponse } from '@unikorn-cloud/testkit';
import type { NetworkStore } from './networkStore';
import type { RegionCatalog } from './regionCatalog';
import type { RegionRequestContext } from './types';

/** A JSON success response encoded like Go (`Content-Type: application/json`). */
export function jsonResponse(status: number, body: unknown): HandlerResponse {
  return { status, headers: { 'Content-Type': 'application/json' }, body: marshalGoJSON(body) };
}

/** A response without a body. */
export function emptyResponse(status: number, headers: Readonly<Record<string, string>> = {}): HandlerResponse {
  return { status, headers, body: '' };
}

/** The server's in-memory state, as operation handlers see it. */
export interface RegionState {
  readonly networks: NetworkStore;
  readonly catalog: RegionCatalog;
  /** `info.version` of the contract. */
  readonly version: string;
}

/** Answers one validated, authenticated and authorized operation. */
export type OperationHandler = (call: RegionRequestContext, state: RegionState) => HandlerResponse;
