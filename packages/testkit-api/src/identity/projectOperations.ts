import { httpNotFound, oauth2InvalidRequest } from '@unikorn-cloud/core-client';
import { errorReply } from '../common/errorResponse';
import { emptyResponse, jsonResponse } from '../common/responses';
import type { IdentityOperationHandler } from './identityState';
import { projectView } from './identityViews';

/** Identity marks these responses uncacheable. */
const noCache = { 'Cache-Control': 'no-cache' };

const getProject: IdentityOperationHandler = (call, { store }) => {
  const project = store.project(call.params.organizationID, call.params.projectID);
  return project === undefined ? errorReply(httpNotFound(), call.traceId) : jsonResponse(200, projectView(project));
};

const listProjects: IdentityOperationHandler = (call, { store }) =>
  jsonResponse(200, store.listProjects(call.params.organizationID).map(projectView));

const deleteProject: IdentityOperationHandler = (call, { store }) =>
  store.deleteProject(call.params.organizationID, call.params.projectID).outcome === 'not_found'
    ? errorReply(httpNotFound(), call.traceId)
    : emptyResponse(202);

/**
 * PUT `…/references/{reference}`: 201 whether the reference is new or already there; 404 for a missing organization
 * or project; 400 `unable to add reference, resource is being deleted` for a project being deleted. The reference is
 * stored as the router and binder decoded it (`%252F` on the wire gives `/`).
 */
const addProjectReference: IdentityOperationHandler = (call, { store }) => {
  const { organizationID, projectID, reference } = call.params;
  switch (store.addReference(organizationID, projectID, reference).outcome) {
    case 'not_found':
      return errorReply(httpNotFound(), call.traceId);
    case 'deleting':
      return errorReply(oauth2InvalidRequest('unable to add reference, resource is being deleted'), call.traceId);
    default:
      return emptyResponse(201, noCache);
  }
};

/** DELETE `…/references/{reference}`: 204 whether or not it was there; 404 for a missing organization or project. */
const removeProjectReference: IdentityOperationHandler = (call, { store }) => {
  const { organizationID, projectID, reference } = call.params;
  return store.removeReference(organizationID, projectID, reference).outcome === 'not_found'
    ? errorReply(httpNotFound(), call.traceId)
    : emptyResponse(204, noCache);
};

const getVersion: IdentityOperationHandler = (_call, { version }) => jsonResponse(200, { name: 'identity', version });

/** Handlers of the project, project reference and version operations, by operationId. */
export const projectOperations: Readonly<Record<string, IdentityOperationHandler>> = {
  getProject,
  listProjects,
  deleteProject,
  addProjectReference,
  removeProjectReference,
  getVersion,
};
