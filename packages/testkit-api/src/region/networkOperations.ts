import { httpForbidden, httpNotFound, oauth2InvalidRequest } from '@unikorn-cloud/core-client';
import { errorReply } from '../common/errorResponse';
import type { APIRequestContext } from '../common/types';
import type { NetworkRecord, RegionRoute, RegionTag } from './networkStore';
import { networkView } from './networkView';
import { emptyResponse, jsonResponse, type OperationHandler } from './responses';

interface WriteMetadata {
  readonly name: string;
  readonly description?: string;
  readonly tags?: readonly RegionTag[];
}

interface NetworkCreate {
  readonly metadata: WriteMetadata;
  readonly spec: {
    readonly dnsNameservers: readonly string[];
    readonly routes?: readonly RegionRoute[];
    readonly organizationId: string;
    readonly projectId: string;
    readonly regionId: string;
    readonly prefix: string;
  };
}

interface NetworkUpdate {
  readonly metadata: WriteMetadata;
  readonly spec: { readonly dnsNameservers: readonly string[]; readonly routes?: readonly RegionRoute[] };
}

const notFound = (call: APIRequestContext) => errorReply(httpNotFound(), call.traceId);
const missingBody = (call: APIRequestContext) =>
  errorReply(oauth2InvalidRequest('failed to read request body'), call.traceId);
const noCache = { 'Cache-Control': 'no-cache' };

function matchesFilters(record: NetworkRecord, call: APIRequestContext, tags: readonly RegionTag[]): boolean {
  const anyOf = (name: string, value: string) =>
    (call.query[name] ?? []).length === 0 || call.query[name].includes(value);
  return (
    anyOf('organizationID', record.organizationId) &&
    anyOf('projectID', record.projectId) &&
    anyOf('regionID', record.regionId) &&
    tags.every((tag) => (record.tags ?? []).some((have) => have.name === tag.name && have.value === tag.value))
  );
}

const listNetworks: OperationHandler = (call, { networks }) => {
  const tags: RegionTag[] = [];
  for (const selector of call.query.tag ?? []) {
    const at = selector.indexOf('=');
    if (at < 0) return errorReply(oauth2InvalidRequest('tag selector must be of the form name=value'), call.traceId);
    tags.push({ name: selector.slice(0, at), value: selector.slice(at + 1) });
  }
  return jsonResponse(
    200,
    networks
      .list()
      .filter((record) => matchesFilters(record, call, tags))
      .map(networkView),
  );
};

const createNetwork: OperationHandler = (call, { networks }) => {
  const body = call.body as NetworkCreate | undefined;
  if (body === undefined) return missingBody(call);
  const id = networks.add({
    name: body.metadata.name,
    description: body.metadata.description,
    tags: body.metadata.tags,
    organizationId: body.spec.organizationId,
    projectId: body.spec.projectId,
    regionId: body.spec.regionId,
    prefix: body.spec.prefix,
    dnsNameservers: body.spec.dnsNameservers,
    routes: body.spec.routes,
    createdBy: call.principal?.actor,
  });
  return jsonResponse(201, networkView(networks.require(id)));
};

const getNetwork: OperationHandler = (call, { networks }) => {
  const record = networks.get(call.params.networkID);
  return record === undefined ? notFound(call) : jsonResponse(200, networkView(record));
};

const updateNetwork: OperationHandler = (call, { networks }) => {
  const body = call.body as NetworkUpdate | undefined;
  if (body === undefined) return missingBody(call);
  const record = networks.get(call.params.networkID);
  if (record === undefined) return notFound(call);
  record.name = body.metadata.name;
  record.description = body.metadata.description;
  record.tags = body.metadata.tags;
  record.dnsNameservers = body.spec.dnsNameservers;
  record.routes = body.spec.routes;
  networks.touch(record, call.principal?.actor);
  return jsonResponse(202, networkView(record));
};

const deleteNetwork: OperationHandler = (call, { networks }) => {
  switch (networks.delete(call.params.networkID)) {
    case 'not_found':
      return notFound(call);
    case 'in_use':
      return errorReply(httpForbidden('network is in use and cannot be deleted'), call.traceId);
    default:
      return emptyResponse(202);
  }
};

const addNetworkReference: OperationHandler = (call, { networks }) => {
  switch (networks.addReference(call.params.networkID, call.params.reference)) {
    case 'not_found':
      return notFound(call);
    case 'deleting':
      return errorReply(oauth2InvalidRequest('unable to add reference, resource is being deleted'), call.traceId);
    default:
      return emptyResponse(201, noCache);
  }
};

const removeNetworkReference: OperationHandler = (call, { networks }) =>
  networks.removeReference(call.params.networkID, call.params.reference) === 'not_found'
    ? notFound(call)
    : emptyResponse(204, noCache);

/** Handlers of the v2 network operations, by operationId. */
export const networkOperations: Readonly<Record<string, OperationHandler>> = {
  listNetworks,
  createNetwork,
  getNetwork,
  updateNetwork,
  deleteNetwork,
  addNetworkReference,
  removeNetworkReference,
};
