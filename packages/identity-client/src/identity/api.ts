/**
 * The generated identity API, as callers use it: the `IdentityAPI` client with its service classes, and every model
 * type of the contract (`allocationWrite`, `resourceAllocation`, `projectRead`, …) as types only. The generator's
 * runtime (`FetchHttpRequest`, its `ApiError`) is not part of the API: requests go through this package's
 * transport and fail with core-client's errors.
 */

export type * from '../generated';
export {
  AclService,
  AllocationsService,
  GroupsService,
  IdentityAPI,
  Oauth2ProvidersService,
  Oauth2Service,
  OrganizationsService,
  ProjectsService,
  QuotasService,
  RolesService,
  ServiceAccountsService,
  ServiceInfoService,
  UsersService,
} from '../generated';
