/**
 * `@unikorn-cloud/region-client`: the region API v2 over mutual TLS with delegated principals.
 *
 * - {@link newOptions} / {@link Client}: `apiClient()` for request-driven work, `controllerClient(resource)` for
 *   controllers; both return a {@link RegionAPI}: one group of operations per resource
 *   (`api.networks.list({ organizationId })`), each taking one options object with its own `signal` / `timeoutMs`,
 *   and `api.withResponse()` for `{ status, headers, body }`.
 * - {@link References}: add or remove a network reference for a Kubernetes resource.
 * - Model types of the contract under PascalCase names (`NetworkV2Read`), ids helpers, and the error classes
 *   operations really reject with.
 *
 * @packageDocumentation
 */

export {
  APIError,
  APIStatusError,
  ClientCredentialError,
  InvalidContextError,
  TypeConversionError,
  UnikornError,
} from '@unikorn-cloud/core-client';
export type {
  APIResponse,
  CallOptions,
  OperationResult,
  RequestSettings,
  ResultMode,
} from '@unikorn-cloud/identity-client';
export {
  RequestAbortedError,
  RequestParameterError,
  RequestTimeoutError,
  ResponseDecodeError,
  ResponseTooLargeError,
} from '@unikorn-cloud/identity-client';
export { Client, newOptions, REGION_SERVICE } from './client';
export type * from './generated';
export { InvalidUUIDError, type NetworkID, parseNetworkID, parseUUID } from './ids';
export { References, type ReferencesSettings, type ReferencingResource } from './references';
