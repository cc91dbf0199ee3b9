/**
 * The region client (Go `region/pkg/client`): options with the `--region-*` flag names and a `Client` that
 * builds generated `RegionAPI` clients on identity-client's `BaseClient`.
 */

import type { KubeConfig } from '@kubernetes/client-node';
import {
  type CredentialDispatcher,
  type HTTPClientOptions,
  type HTTPOptions,
  type HTTPOptionsInit,
  newHTTPOptions,
} from '@unikorn-cloud/core-client';
import {
  BaseClient,
  type BaseClientSettings,
  type ClientTransport,
  type ResourceWithMetadata,
} from '@unikorn-cloud/identity-client';
import { RegionAPI } from './generated';
import { type RequestSettings, regionHttpRequest } from './regionHttpRequest';

/** The service name used as flag prefix: `--region-host`, `--region-ca-secret-namespace`, `--region-ca-secret-name`. */
export const REGION_SERVICE = 'region';

/** Region server options (Go `NewOptions()`): host and CA Secret, flag prefix `region`. */
export function newOptions(init?: HTTPOptionsInit): HTTPOptions<typeof REGION_SERVICE> {
  return newHTTPOptions(REGION_SERVICE, init);
}

/** Builds a generated `RegionAPI` on an identity transport. */
export function regionAPIBuilder(settings: RequestSettings = {}): (transport: ClientTransport) => RegionAPI {
  return (transport) => new RegionAPI({ BASE: transport.baseUrl }, regionHttpRequest(transport, settings));
}

/**
 * Region API client factory. Clients built from the same options share one pooled mTLS dispatcher: building a
 * client reads no Secret and opens no connection once the first one exists.
 */
export class Client {
  private readonly base: BaseClient;

  /**
   * @param kube - Kubernetes client for the CA and client-certificate Secrets; undefined → the one in context.
   * @param options - region host and CA Secret ({@link newOptions}).
   * @param clientOptions - this service's client certificate.
   * @param settings - optional dispatcher cache, legacy access token getter and default timeout.
   */
  constructor(
    kube: KubeConfig | undefined,
    readonly options: HTTPOptions,
    readonly clientOptions: HTTPClientOptions,
    settings?: BaseClientSettings,
  ) {
    this.base = new BaseClient(kube, options, clientOptions, settings);
  }

  /** The shared mTLS dispatcher (Go `HTTPClient`). */
  httpClient(): Promise<CredentialDispatcher> {
    return this.base.httpClient();
  }

  /** A client for request-driven work: forwards the context principal unsigned (Go `APIClient`). */
  apiClient(settings?: RequestSettings): Promise<RegionAPI> {
    return this.base.apiClient(regionAPIBuilder(settings));
  }

  /** A client for controller work on `resource`: signs the resource's principal (Go `ControllerClient`). */
  controllerClient(resource: ResourceWithMetadata, settings?: RequestSettings): Promise<RegionAPI> {
    return this.base.controllerClient(regionAPIBuilder(settings), resource);
  }

  /** Releases the dispatcher cache given in `settings` (the shared default cache is closed by its owner). */
  close(): Promise<void> {
    return this.base.close();
  }
}
