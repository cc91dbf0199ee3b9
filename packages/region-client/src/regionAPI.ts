/**
 * The generated region API on identity-client's operation runtime: every operation goes through the transport and is
 * checked against the region contract's documented success statuses and declared body types.
 */

import {
  type ClientTransport,
  OperationClient,
  type RequestSettings,
  type ResponseTables,
} from '@unikorn-cloud/identity-client';
import { RegionAPI } from './generated';
import { operationResponseTypes, operationSuccessStatuses } from './generated/operationStatuses';

/** The region contract's tables (documented success statuses, declared success body types). */
export const regionTables: ResponseTables = {
  successStatuses: operationSuccessStatuses,
  responseTypes: operationResponseTypes,
};

/** A region API whose requests go through `transport`. */
export function regionAPI(transport: ClientTransport, settings?: RequestSettings): RegionAPI {
  return new RegionAPI(new OperationClient(transport, regionTables, settings));
}
