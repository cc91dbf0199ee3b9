/**
 * The three ways a service package builds on one generated client (identity's `IdentityAPI`, region's `RegionAPI`):
 * the whole client, one of its services, or its request class — all sending through this package's transport.
 */

import type { ClientTransport } from '../transport';
import {
  codegenRequestClass,
  createGeneratedClient,
  createGeneratedService,
  type GeneratedCore,
  type RequestSettings,
} from './requestClass';

/** What a service package exports for its generated client. */
export interface GeneratedClientKit<Config, Request, C> {
  /** The whole generated client for the transport's base URL. */
  client(transport: ClientTransport, settings?: RequestSettings): C;
  /** One service of the generated client (e.g. `ProjectsService`), without the others. */
  service<S>(Service: new (request: Request) => S, transport: ClientTransport, settings?: RequestSettings): S;
  /** A request class bound to the transport, to pass as the generated client's `HttpRequest`. */
  requestClass(transport: ClientTransport, settings?: RequestSettings): new (config: Config) => Request;
}

/** Binds the kit to a generated client's `core/` classes and its client class. */
export function generatedClientKit<Config, Request, C extends { readonly request: Request }>(
  core: GeneratedCore<Config, Request>,
  Client: new (config: { BASE: string }, HttpRequest: new (config: Config) => Request) => C,
): GeneratedClientKit<Config, Request, C> {
  return {
    client: (transport, settings = {}) =>
      createGeneratedClient(
        core,
        (HttpRequest) => new Client({ BASE: transport.baseUrl }, HttpRequest),
        transport,
        settings,
      ),
    service: (Service, transport, settings = {}) => createGeneratedService(core, Service, transport, settings),
    requestClass: (transport, settings = {}) => codegenRequestClass(core, transport, settings),
  };
}
