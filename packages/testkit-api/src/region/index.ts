export type { NetworkSeed, RegionRoute, RegionTag } from './networkStore';
export type { RegionAPIServerOptions } from './regionAPIServer';
export { RegionAPIServer } from './regionAPIServer';
export type { RegionImageSeed, RegionImageState, RegionSeed } from './regionCatalog';
export type { RegionState } from './responses';
