import { httpNotFound } from '@unikorn-cloud/core-client';
import { errorReply } from '../common/errorResponse';
import { jsonResponse, type OperationHandler } from './responses';

const listImages: OperationHandler = (call, { catalog, networks }) => {
  const regionId = call.params.regionID;
  const known = catalog.hasRegion(regionId) || networks.list().some((network) => network.regionId === regionId);
  if (!known) return errorReply(httpNotFound(), call.traceId);
  return jsonResponse(
    200,
    catalog.imageViews(regionId, {
      organizationIds: call.query.organizationID ?? [],
      scope: call.query.scope?.[0],
      states: call.query.status ?? [],
    }),
  );
};

const listRegions: OperationHandler = (_call, { catalog }) => jsonResponse(200, catalog.regionViews());

const getVersion: OperationHandler = (_call, { version }) => jsonResponse(200, { name: 'region', version });

/** Handlers of the image, region and version operations, by operationId. */
export const catalogOperations: Readonly<Record<string, OperationHandler>> = { listImages, listRegions, getVersion };
