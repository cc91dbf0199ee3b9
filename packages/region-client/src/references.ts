/**
 * Network references (Go `region/pkg/client/references.go`): a controller records that one of its resources
 * uses a region network, so the network cannot be deleted while the reference exists.
 */

import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import type { HTTPClientOptions, HTTPOptions, ServiceDescriptor } from '@unikorn-cloud/core-client';
import {
  BaseClient,
  type BaseClientSettings,
  prepareReferenceCall,
  type ResourceWithMetadata,
} from '@unikorn-cloud/identity-client';
import { NetworksService } from './generated';
import { type NetworkID, parseNetworkID } from './ids';
import { type RequestSettings, regionService } from './regionHttpRequest';

/** A Kubernetes resource that can hold a reference: it needs metadata for the signed principal. */
export type ReferencingResource = KubernetesObject & ResourceWithMetadata;

/** Options of {@link References}. */
export interface ReferencesSettings extends BaseClientSettings, RequestSettings {
  /** Kubernetes client; default: the one in context (core `withKubernetesClient`), as in Go. */
  kube?: KubeConfig;
}

/**
 * Adds and removes network references with a signed controller principal. The network ID is validated and
 * normalised before any I/O; add succeeds only on 201, remove only on 204; anything else is a typed error.
 */
export class References {
  private readonly settings: ReferencesSettings;

  /**
   * @param serviceDescriptor - the calling service (kept for parity with Go; not sent).
   * @param options - region host and CA Secret.
   * @param clientOptions - this service's client certificate.
   * @param settings - Kubernetes client, dispatcher cache, timeout and abort signal.
   */
  constructor(
    readonly serviceDescriptor: ServiceDescriptor | undefined,
    readonly options: HTTPOptions,
    readonly clientOptions: HTTPClientOptions,
    settings: ReferencesSettings = {},
  ) {
    this.settings = settings;
  }

  /** Go `AddReferenceToNetwork`: `PUT /api/v2/networks/{id}/references/{reference}`, 201 expected. */
  async addReferenceToNetwork(networkID: string, resource: ReferencingResource): Promise<void> {
    await this.addReferenceToNetworkID(parseNetworkID(networkID), resource);
  }

  /** Go `RemoveReferenceFromNetwork`: `DELETE /api/v2/networks/{id}/references/{reference}`, 204 expected. */
  async removeReferenceFromNetwork(networkID: string, resource: ReferencingResource): Promise<void> {
    await this.removeReferenceFromNetworkID(parseNetworkID(networkID), resource);
  }

  /** Typed variant of {@link References.addReferenceToNetwork}. */
  async addReferenceToNetworkID(networkID: NetworkID, resource: ReferencingResource): Promise<void> {
    const { api, reference } = await this.prepare(resource);
    await api.networks.addNetworkReference(networkID, reference);
  }

  /** Typed variant of {@link References.removeReferenceFromNetwork}. */
  async removeReferenceFromNetworkID(networkID: NetworkID, resource: ReferencingResource): Promise<void> {
    const { api, reference } = await this.prepare(resource);
    await api.networks.removeNetworkReference(networkID, reference);
  }

  private prepare(resource: ReferencingResource) {
    const { kube, signal, timeoutMs, ...clientSettings } = this.settings;
    // The reference comes escaped once; the request class escapes it again, exactly like Go (wire bytes `%252F`).
    // A controller client for the resource with only the networks service (the rest of RegionAPI is not used).
    return prepareReferenceCall(kube, resource, (resolved) =>
      new BaseClient(resolved, this.options, this.clientOptions, clientSettings).controllerClient(
        (transport) => ({ networks: regionService(NetworksService, transport, { signal, timeoutMs }) }),
        resource,
      ),
    );
  }
}
