/**
 * The client factory of one service's generated API (Go `<service>/pkg/client.Client`): `apiClient()` and
 * `controllerClient(resource)` return the generated client on a {@link BaseClient}. Each service package binds it to
 * its generated client (identity's `Client` here, region-client's `Client`).
 */

import type { CredentialDispatcher, HTTPClientOptions, HTTPOptions } from '@unikorn-cloud/core-client';
import { BaseClient, type BaseClientSettings, type ClientBuilder } from '../baseClient';
import type { KubeConfig } from '../kubeConfig';
import type { ResourceWithMetadata } from '../principalFromResource';
import type { RequestSettings } from './requestClass';

/**
 * Generated-API client factory. Clients built from the same options share one pooled mTLS dispatcher: building a
 * client reads no Secret and opens no connection once the first one exists.
 */
export abstract class ServiceClient<T> {
  private readonly base: BaseClient;

  /**
   * @param kube - Kubernetes client for the CA and client-certificate Secrets; undefined → the one in context.
   * @param options - the service's host and CA Secret.
   * @param clientOptions - this service's client certificate.
   * @param settings - optional dispatcher cache, legacy access token getter, default timeout and retry policy.
   */
  constructor(
    kube: KubeConfig | undefined,
    readonly options: HTTPOptions,
    readonly clientOptions: HTTPClientOptions,
    settings?: BaseClientSettings,
  ) {
    this.base = new BaseClient(kube, options, clientOptions, settings);
  }

  /** Builds the generated client on a transport. */
  protected abstract builder(settings?: RequestSettings): ClientBuilder<T>;

  /** The shared mTLS dispatcher (Go `HTTPClient`). */
  httpClient(): Promise<CredentialDispatcher> {
    return this.base.httpClient();
  }

  /** A client for request-driven work: forwards the context principal unsigned (Go `APIClient`). */
  apiClient(settings?: RequestSettings): Promise<T> {
    return this.base.apiClient(this.builder(settings));
  }

  /**
   * A client for controller work on `resource`: signs the resource's principal (Go `ControllerClient`). The resource's
   * labels and annotations are read when each request is made.
   */
  controllerClient(resource: ResourceWithMetadata, settings?: RequestSettings): Promise<T> {
    return this.base.controllerClient(this.builder(settings), resource);
  }

  /** Releases the dispatcher cache given in `settings` (the shared default cache is closed by its owner). */
  close(): Promise<void> {
    return this.base.close();
  }
}
