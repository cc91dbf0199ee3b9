import { httpForbidden, httpNotFound, oauth2InvalidRequest } from '@unikorn-cloud/core-client';
import { errorReply } from '../common/errorResponse';
import { emptyResponse, jsonResponse } from '../common/responses';
import type { APIRequestContext } from '../common/types';
import type { IdentityOperationHandler } from './identityState';
import type { AllocationRecord, AllocationWrite, IdentityChange } from './identityStore';
import { allocationView } from './identityViews';

/** Identity marks every allocation response uncacheable. */
const noCache = { 'Cache-Control': 'no-cache' };

function answer(call: APIRequestContext, change: IdentityChange<AllocationRecord>, status: number) {
  switch (change.outcome) {
    case 'done':
      return jsonResponse(status, allocationView(change.value), noCache);
    case 'over_quota':
      return errorReply(httpForbidden(change.description), call.traceId);
    default:
      return errorReply(httpNotFound(), call.traceId);
  }
}

function write(call: APIRequestContext): AllocationWrite | undefined {
  return call.body as AllocationWrite | undefined;
}

const missingBody = (call: APIRequestContext) =>
  errorReply(oauth2InvalidRequest('failed to read request body'), call.traceId);

/** POST `…/allocations`: 201 `allocationRead` with a new `metadata.id`; 403 `forbidden` when over quota. */
const createAllocation: IdentityOperationHandler = (call, { store }) => {
  const body = write(call);
  if (body === undefined) return missingBody(call);
  const { organizationID, projectID } = call.params;
  return answer(call, store.createAllocation(organizationID, projectID, body, call.principal?.actor), 201);
};

const getAllocation: IdentityOperationHandler = (call, { store }) => {
  const { organizationID, projectID, allocationID } = call.params;
  const record = store.allocation(organizationID, projectID, allocationID);
  return record === undefined
    ? errorReply(httpNotFound(), call.traceId)
    : jsonResponse(200, allocationView(record), noCache);
};

/** PUT `…/allocations/{allocationID}`: 200 `allocationRead`; 404 when missing; 403 when over quota. */
const updateAllocation: IdentityOperationHandler = (call, { store }) => {
  const body = write(call);
  if (body === undefined) return missingBody(call);
  const { organizationID, projectID, allocationID } = call.params;
  return answer(
    call,
    store.updateAllocation(organizationID, projectID, allocationID, body, call.principal?.actor),
    200,
  );
};

/** DELETE `…/allocations/{allocationID}`: 202 without a body; 404 when missing. */
const deleteAllocation: IdentityOperationHandler = (call, { store }) => {
  const { organizationID, projectID, allocationID } = call.params;
  return store.deleteAllocation(organizationID, projectID, allocationID).outcome === 'not_found'
    ? errorReply(httpNotFound(), call.traceId)
    : emptyResponse(202, noCache);
};

/** Handlers of the allocation operations, by operationId. */
export const allocationOperations: Readonly<Record<string, IdentityOperationHandler>> = {
  createAllocation,
  getAllocation,
  updateAllocation,
  deleteAllocation,
};
