/**
 * The generated `RegionAPI` on identity-client's transport: every operation goes through identity-client's request
 * class for openapi-typescript-codegen clients, bound to the region core, its documented success statuses and their
 * declared body types.
 */

import {
  type ClientTransport,
  resultOrError as checkResult,
  type DecodedResponse,
  expandPath,
  type GeneratedRequestOptions,
  generatedClientKit,
  type RequestSettings,
} from '@unikorn-cloud/identity-client';
import { RegionAPI } from './generated';
import { BaseHttpRequest } from './generated/core/BaseHttpRequest';
import { CancelError } from './generated/core/CancelablePromise';
import type { OpenAPIConfig } from './generated/core/OpenAPI';
import { operationResponseTypes, operationSuccessStatuses } from './generated/operationStatuses';

export { expandPath, type RequestSettings };

const tables = { successStatuses: operationSuccessStatuses, responseTypes: operationResponseTypes };
const kit = generatedClientKit({ BaseHttpRequest, CancelError, ...tables }, RegionAPI);

/**
 * Checks a region response against the operation's documented statuses and declared body types (see
 * identity-client `resultOrError`).
 *
 * @throws ResponseDecodeError for a documented success whose body is not JSON or not the declared type; the
 *   `propagateError` result for a status that is not a documented success.
 */
export function resultOrError(options: GeneratedRequestOptions, response: DecodedResponse): unknown {
  return checkResult(tables, options, response);
}

/** A generated `RegionAPI` for the transport's base URL whose requests go through `transport`. */
export function regionAPI(transport: ClientTransport, settings?: RequestSettings): RegionAPI {
  return kit.client(transport, settings);
}

/** One service of the generated region API (e.g. `NetworksService`) whose requests go through `transport`. */
export function regionService<S>(
  Service: new (request: BaseHttpRequest) => S,
  transport: ClientTransport,
  settings?: RequestSettings,
): S {
  return kit.service(Service, transport, settings);
}

/** Returns a generated-client request class bound to `transport`. */
export function regionHttpRequest(
  transport: ClientTransport,
  settings: RequestSettings = {},
): new (
  config: OpenAPIConfig,
) => BaseHttpRequest {
  return kit.requestClass(transport, settings);
}
