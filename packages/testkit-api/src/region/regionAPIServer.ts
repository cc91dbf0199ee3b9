import { ContractServer, type ContractServerOptions, type ListeningContract } from '../common/contractServer';
import { catalogOperations } from './catalogOperations';
import { networkOperations } from './networkOperations';
import { type NetworkSeed, NetworkStore } from './networkStore';
import { networkView } from './networkView';
import { RegionCatalog, type RegionImageSeed, type RegionSeed } from './regionCatalog';
import type { OperationHandler, RegionState } from './responses';

/** Options for {@link RegionAPIServer.start}. */
export interface RegionAPIServerOptions extends ContractServerOptions {
  /** Milliseconds since the epoch; default `Date.now`. Drives resource timestamps and deletion (not TLS validity). */
  readonly clock?: () => number;
  /** How long an API-deleted network stays visible as `deprovisioning`; default 0 (gone at once). */
  readonly deleteDelayMs?: number;
}

const regionOperations = { ...networkOperations, ...catalogOperations };

/**
 * A region API server for tests and the demo: a {@link ContractServer} on the region contract. Networks, references,
 * images and regions live in memory; other operations answer 501 after validation.
 *
 * ```ts
 * const region = await RegionAPIServer.start({ ca, contract: 'contract/region.v2.yaml' });
 * const networkId = region.addNetwork({ organizationId, projectId, regionId, name: 'net' });
 * // ... client PUTs /api/v2/networks/<id>/references/<ref>
 * expect(region.references(networkId)).toEqual(['computeclusters.compute.unikorn-cloud.org/abc']);
 * await region.close();
 * ```
 */
export class RegionAPIServer extends ContractServer<RegionState> {
  private readonly networks: NetworkStore;
  private readonly catalog: RegionCatalog;

  private constructor(listening: ListeningContract, clock: () => number, deleteDelayMs: number) {
    super(listening);
    this.networks = new NetworkStore(clock, deleteDelayMs);
    this.catalog = new RegionCatalog(clock);
  }

  /** Loads the contract and starts listening on 127.0.0.1 with an ephemeral port. */
  static async start(options: RegionAPIServerOptions): Promise<RegionAPIServer> {
    const listening = await ContractServer.listen(options);
    return new RegionAPIServer(listening, options.clock ?? Date.now, options.deleteDelayMs ?? 0);
  }

  protected state(): RegionState {
    return { networks: this.networks, catalog: this.catalog, version: this.contract.version };
  }

  protected handlers(): Readonly<Record<string, OperationHandler>> {
    return regionOperations;
  }

  /** Adds a v2 network (provisioned, healthy) and returns its id. */
  addNetwork(seed: NetworkSeed): string {
    return this.networks.add(seed);
  }
  /** The `networkV2Read` JSON of a network, or undefined when it does not exist (any more). */
  network(networkId: string): Record<string, unknown> | undefined {
    const record = this.networks.get(networkId);
    return record === undefined ? undefined : networkView(record);
  }

  /** The references of a network in the order added; throws for an unknown network. */
  references(networkId: string): string[] {
    return [...this.networks.require(networkId).references];
  }

  /** Marks a network as being deleted (deprovisioning) and keeps it until {@link removeNetwork}. */
  markDeleting(networkId: string): void {
    this.networks.markDeleting(networkId);
  }

  /** Removes a network at once. */
  removeNetwork(networkId: string): void {
    this.networks.remove(networkId);
  }

  /** Adds a region (listed by v1 `listRegions`) and returns its id. */
  addRegion(region: RegionSeed): string {
    return this.catalog.addRegion(region);
  }

  /** Adds an image to a region (listed by `listImages`) and returns its id. */
  addImage(regionId: string, image: RegionImageSeed): string {
    return this.catalog.addImage(regionId, image);
  }
}
