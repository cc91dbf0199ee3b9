/**
 * Network references (Go `region/pkg/client/references.go`): a controller records that one of its resources
 * uses a region network, so the network cannot be deleted while the reference exists.
 */

import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import {
  type ClientBuilder,
  OperationClient,
  ReferenceClient,
  type ReferenceClientSettings,
  type RequestSettings,
  type ResourceWithMetadata,
} from '@unikorn-cloud/identity-client';
import { NetworksOperations } from './generated';
import { type NetworkID, parseNetworkID } from './ids';
import { regionTables } from './regionAPI';

/** A Kubernetes resource that can hold a reference: it needs metadata for the signed principal. */
export type ReferencingResource = KubernetesObject & ResourceWithMetadata;

/** Options of {@link References}: Kubernetes client (default the one in context, as in Go), dispatcher cache, timeout. */
export interface ReferencesSettings extends ReferenceClientSettings {
  kube?: KubeConfig;
}

/**
 * Adds and removes network references with a signed controller principal. The network ID is validated and
 * normalised before any I/O; add succeeds only on 201, remove only on 204; anything else is a typed error.
 */
export class References extends ReferenceClient<ReferencesSettings> {
  /** Go `AddReferenceToNetwork`: `PUT /api/v2/networks/{id}/references/{reference}`, 201 expected. */
  addReferenceToNetwork(networkID: string, resource: ReferencingResource): Promise<void> {
    // Not `async`: the typed variant's promise is returned as it is (an async wrapper adds a promise and turns).
    let id: NetworkID;
    try {
      id = parseNetworkID(networkID);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.addReferenceToNetworkID(id, resource);
  }

  /** Go `RemoveReferenceFromNetwork`: `DELETE /api/v2/networks/{id}/references/{reference}`, 204 expected. */
  removeReferenceFromNetwork(networkID: string, resource: ReferencingResource): Promise<void> {
    let id: NetworkID;
    try {
      id = parseNetworkID(networkID);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.removeReferenceFromNetworkID(id, resource);
  }

  /** Typed variant of {@link References.addReferenceToNetwork}. */
  addReferenceToNetworkID(networkID: NetworkID, resource: ReferencingResource): Promise<void> {
    // Not `async`: a warm helper prepares and sends in this turn (see ReferenceClient.sendReferenceCall).
    return this.sendReferenceCall(resource, networksOnly, ({ api, reference }) =>
      api.networks.addReference({ networkId: networkID, reference }),
    );
  }

  /** Typed variant of {@link References.removeReferenceFromNetwork}. */
  removeReferenceFromNetworkID(networkID: NetworkID, resource: ReferencingResource): Promise<void> {
    return this.sendReferenceCall(resource, networksOnly, ({ api, reference }) =>
      api.networks.removeReference({ networkId: networkID, reference }),
    );
  }
}

// The reference comes escaped once; the operation escapes it again, exactly like Go (wire bytes `%252F`). Only the
// networks group is used: built alone, not the whole RegionAPI.
function networksOnly(settings: RequestSettings): ClientBuilder<{ networks: NetworksOperations }> {
  return (transport) => ({
    networks: new NetworksOperations(new OperationClient(transport, regionTables, settings)),
  });
}
