/**
 * `@unikorn-cloud/region-client`: the region API v2 over mutual TLS with delegated principals.
 *
 * - {@link newOptions} / {@link Client}: `apiClient()` for request-driven work, `controllerClient(resource)` for
 *   controllers; both return the generated {@link RegionAPI}.
 * - {@link References}: add or remove a network reference for a Kubernetes resource.
 *
 * @packageDocumentation
 */
export { Client, newOptions, REGION_SERVICE, regionAPIBuilder } from './client';
export * from './generated';
export { InvalidUUIDError, type NetworkID, parseNetworkID, parseUUID } from './ids';
export { References, type ReferencesSettings, type ReferencingResource } from './references';
export {
  type DecodedResponse,
  expandPath,
  type RequestSettings,
  regionHttpRequest,
  resultOrError,
} from './regionHttpRequest';
export { decodeSuccessBody } from './responseDecoding';
