/**
 * The identity service's client (Go `identity/pkg/client`): options with the `--identity-*` flag names and a
 * `Client` whose `apiClient()` / `controllerClient(resource)` return the generated `IdentityAPI`.
 */

import { type HTTPOptions, type HTTPOptionsInit, newHTTPOptions } from '@unikorn-cloud/core-client';
import type { ClientBuilder } from '../baseClient';
import type { RequestSettings } from '../codegen/requestClass';
import { ServiceClient } from '../codegen/serviceClient';
import type { IdentityAPI } from '../generated';
import type { ClientTransport } from '../transport';
import { identityAPI } from './identityHttpRequest';

/** The service name used as flag prefix: `--identity-host`, `--identity-ca-secret-namespace`, `--identity-ca-secret-name`. */
export const IDENTITY_SERVICE = 'identity';

/** Identity server options (Go `NewOptions()`): host and CA Secret, flag prefix `identity`. */
export function newOptions(init?: HTTPOptionsInit): HTTPOptions<typeof IDENTITY_SERVICE> {
  return newHTTPOptions(IDENTITY_SERVICE, init);
}

/** Builds a generated `IdentityAPI` on a transport (the server URL is the transport's base URL). */
export function identityAPIBuilder(settings: RequestSettings = {}): (transport: ClientTransport) => IdentityAPI {
  return (transport) => identityAPI(transport, settings);
}

/**
 * Identity API client factory (Go `client.New(k8s, options, clientOptions)`). Construction reads nothing;
 * `apiClient()` forwards the context principal unsigned, `controllerClient(resource)` signs the resource's principal.
 *
 * ```ts
 * const client = new Client(kube, newOptions().parseFlags(process.argv), newHTTPClientOptions().parseFlags(process.argv));
 * const api = await client.apiClient();
 * await withPrincipal(principal, () => api.projects.getProject(organizationID, projectID));
 * ```
 */
export class Client extends ServiceClient<IdentityAPI> {
  protected builder(settings?: RequestSettings): ClientBuilder<IdentityAPI> {
    return identityAPIBuilder(settings);
  }
}
