/**
 * The generated `IdentityAPI` on this package's transport: every operation goes through the shared request class for
 * openapi-typescript-codegen clients, bound to the identity core, its documented success statuses and their declared body types.
 */

import { generatedClientKit } from '../codegen/clientKit';
import type { RequestSettings } from '../codegen/requestClass';
import { IdentityAPI } from '../generated';
import { BaseHttpRequest } from '../generated/core/BaseHttpRequest';
import { CancelError } from '../generated/core/CancelablePromise';
import type { OpenAPIConfig } from '../generated/core/OpenAPI';
import { operationResponseTypes, operationSuccessStatuses } from '../generated/operationStatuses';
import type { ClientTransport } from '../transport';

const kit = generatedClientKit(
  { BaseHttpRequest, CancelError, successStatuses: operationSuccessStatuses, responseTypes: operationResponseTypes },
  IdentityAPI,
);

/** A generated `IdentityAPI` for the transport's base URL whose requests go through `transport`. */
export function identityAPI(transport: ClientTransport, settings?: RequestSettings): IdentityAPI {
  return kit.client(transport, settings);
}

/** One service of the generated identity API (e.g. `ProjectsService`) whose requests go through `transport`. */
export function identityService<S>(
  Service: new (request: BaseHttpRequest) => S,
  transport: ClientTransport,
  settings?: RequestSettings,
): S {
  return kit.service(Service, transport, settings);
}

/** Returns a request class for the generated `IdentityAPI`, bound to `transport`. */
export function identityHttpRequest(
  transport: ClientTransport,
  settings?: RequestSettings,
): new (
  config: OpenAPIConfig,
) => BaseHttpRequest {
  return kit.requestClass(transport, settings);
}
