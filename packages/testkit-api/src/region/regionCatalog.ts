import { randomUUID } from 'node:crypto';
import { goTime } from '../common/goTime';

/** Seed data for a region (`RegionAPIServer.addRegion`). */
export interface RegionSeed {
  readonly name: string;
  /** Default a random UUID. */
  readonly id?: string;
  /** Default `openstack`. */
  readonly type?: 'openstack' | 'kubernetes' | 'simulated';
  /** Default false. */
  readonly physicalNetworks?: boolean;
}

/** Image state as the contract enumerates it. */
export type RegionImageState = 'pending' | 'creating' | 'ready' | 'failed';

/** Seed data for an image (`RegionAPIServer.addImage`); omitted spec fields get Ubuntu 24.04 x86_64 defaults. */
export interface RegionImageSeed {
  readonly name: string;
  /** Default a random UUID. */
  readonly id?: string;
  /** Owning organization; undefined for a public image. */
  readonly organizationId?: string;
  /** Default 10. */
  readonly sizeGiB?: number;
  readonly architecture?: 'x86_64' | 'aarch64';
  readonly virtualization?: 'virtualized' | 'baremetal' | 'any';
  readonly os?: {
    readonly family?: string;
    readonly distro?: string;
    readonly version?: string;
    readonly variant?: string;
    readonly codename?: string;
  };
  /** Package name → `vX.Y.Z`. */
  readonly softwareVersions?: Readonly<Record<string, string>>;
  readonly gpu?: { readonly vendor: 'NVIDIA' | 'AMD'; readonly driver: string; readonly models?: readonly string[] };
  /** Default `ready`. */
  readonly state?: RegionImageState;
}

interface StoredImage {
  readonly seed: RegionImageSeed;
  readonly id: string;
  readonly creationTime: number;
}

/** Filters of `GET /api/v2/regions/{regionID}/images`. */
export interface ImageFilter {
  readonly organizationIds: readonly string[];
  readonly scope: string | undefined;
  readonly states: readonly string[];
}

/** Regions (v1 listing) and per-region images. */
export class RegionCatalog {
  private readonly regions = new Map<string, { seed: RegionSeed; id: string; creationTime: number }>();
  private readonly images = new Map<string, StoredImage[]>();

  constructor(private readonly clock: () => number) {}

  /** Adds a region and returns its id. */
  addRegion(seed: RegionSeed): string {
    const id = seed.id ?? randomUUID();
    this.regions.set(id, { seed, id, creationTime: this.clock() });
    return id;
  }

  /** Adds an image to a region and returns its id. */
  addImage(regionId: string, seed: RegionImageSeed): string {
    const id = seed.id ?? randomUUID();
    const list = this.images.get(regionId) ?? [];
    list.push({ seed, id, creationTime: this.clock() });
    this.images.set(regionId, list);
    return id;
  }

  /** Whether the region was added or has images. */
  hasRegion(regionId: string): boolean {
    return this.regions.has(regionId) || this.images.has(regionId);
  }

  /** The `regions` (v1) JSON. */
  regionViews(): Record<string, unknown>[] {
    return [...this.regions.values()].map(({ seed, id, creationTime }) => ({
      metadata: {
        id,
        name: seed.name,
        creationTime: goTime(creationTime),
        provisioningStatus: 'provisioned',
        healthStatus: 'healthy',
      },
      spec: { type: seed.type ?? 'openstack', features: { physicalNetworks: seed.physicalNetworks ?? false } },
    }));
  }

  /**
   * The `images` JSON of a region: public images plus those owned by a requested organization (`scope=owned`: only
   * the latter), restricted to the requested states.
   */
  imageViews(regionId: string, filter: ImageFilter): Record<string, unknown>[] {
    return (this.images.get(regionId) ?? [])
      .filter(({ seed }) => {
        const owned = seed.organizationId !== undefined && filter.organizationIds.includes(seed.organizationId);
        const visible = filter.scope === 'owned' ? owned : owned || seed.organizationId === undefined;
        const state = seed.state ?? 'ready';
        return visible && (filter.states.length === 0 || filter.states.includes(state));
      })
      .map(imageView);
  }
}

function imageView({ seed, id, creationTime }: StoredImage): Record<string, unknown> {
  return {
    metadata: { id, name: seed.name, creationTime: goTime(creationTime) },
    spec: {
      architecture: seed.architecture ?? 'x86_64',
      sizeGiB: seed.sizeGiB ?? 10,
      virtualization: seed.virtualization ?? 'virtualized',
      os: {
        kernel: 'linux',
        family: seed.os?.family ?? 'debian',
        distro: seed.os?.distro ?? 'ubuntu',
        variant: seed.os?.variant,
        codename: seed.os?.codename ?? 'noble',
        version: seed.os?.version ?? '24.04',
      },
      softwareVersions: seed.softwareVersions,
      gpu: seed.gpu,
    },
    status: { state: seed.state ?? 'ready' },
  };
}
