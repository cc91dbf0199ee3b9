/**
 * The request class every generated identity operation goes through: the package's request class for
 * openapi-typescript-codegen clients, bound to the generated `IdentityAPI` core and its documented success statuses.
 */

import {
  codegenRequestClass,
  createGeneratedClient,
  createGeneratedService,
  type RequestSettings,
} from '../codegen/requestClass';
import { IdentityAPI } from '../generated';
import { BaseHttpRequest } from '../generated/core/BaseHttpRequest';
import { CancelablePromise } from '../generated/core/CancelablePromise';
import type { OpenAPIConfig } from '../generated/core/OpenAPI';
import { operationSuccessStatuses } from '../generated/operationStatuses';
import type { ClientTransport } from '../transport';

const core = { BaseHttpRequest, CancelablePromise, successStatuses: operationSuccessStatuses };

/** A generated `IdentityAPI` for the transport's base URL whose requests go through `transport`. */
export function identityAPI(transport: ClientTransport, settings: RequestSettings = {}): IdentityAPI {
  return createGeneratedClient(
    core,
    (HttpRequest) => new IdentityAPI({ BASE: transport.baseUrl }, HttpRequest),
    transport,
    settings,
  );
}

/** One service of the generated identity API (e.g. `ProjectsService`) whose requests go through `transport`. */
export function identityService<S>(
  Service: new (request: BaseHttpRequest) => S,
  transport: ClientTransport,
  settings: RequestSettings = {},
): S {
  return createGeneratedService(core, Service, transport, settings);
}

/** Returns a request class for the generated `IdentityAPI`, bound to `transport`. */
export function identityHttpRequest(
  transport: ClientTransport,
  settings: RequestSettings = {},
): new (
  config: OpenAPIConfig,
) => BaseHttpRequest {
  return codegenRequestClass(core, transport, settings);
}
