/**
 * The request class every generated identity operation goes through: the package's request class for
 * openapi-typescript-codegen clients, bound to the generated `IdentityAPI` core and its documented success statuses.
 */

import { codegenRequestClass, type RequestSettings } from '../codegen/requestClass';
import { BaseHttpRequest } from '../generated/core/BaseHttpRequest';
import { CancelablePromise } from '../generated/core/CancelablePromise';
import type { OpenAPIConfig } from '../generated/core/OpenAPI';
import { operationSuccessStatuses } from '../generated/operationStatuses';
import type { ClientTransport } from '../transport';

/** Returns a request class for the generated `IdentityAPI`, bound to `transport`. */
export function identityHttpRequest(
  transport: ClientTransport,
  settings: RequestSettings = {},
): new (
  config: OpenAPIConfig,
) => BaseHttpRequest {
  return codegenRequestClass(
    { BaseHttpRequest, CancelablePromise, successStatuses: operationSuccessStatuses },
    transport,
    settings,
  );
}
