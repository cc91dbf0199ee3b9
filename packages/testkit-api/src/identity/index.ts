export type { IdentityAPIServerOptions } from './identityAPIServer';
export { IdentityAPIServer } from './identityAPIServer';
export type { IdentityOperationHandler, IdentityState } from './identityState';
export type {
  AllocationQuantity,
  AllocationRecord,
  AllocationWrite,
  OrganizationSeed,
  ProjectRecord,
  ProjectSeed,
} from './identityStore';
export type { AccessTokenSeed } from './tokenStore';
