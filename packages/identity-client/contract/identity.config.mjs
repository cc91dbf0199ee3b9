// The identity contract's configuration for @unikorn-cloud/contract-tooling: where the contract and the generated
// client live, which document the upstream spec's remote $refs point at, and our operation naming table.
//
//   pnpm --filter @unikorn-cloud/identity-client generate          regenerate src/generated from contract/identity.v1.yaml
//   pnpm --filter @unikorn-cloud/identity-client generate:check    CI: is src/generated fresh?
//   pnpm --filter @unikorn-cloud/identity-client contract:derive --spec <identity.spec.yaml> --common <common.spec.yaml>
//       maintainers: re-derive the contract from the upstream identity spec (unikorn-cloud/identity
//       pkg/openapi/server.spec.yaml) and core's common.spec.yaml v1.17.1 it $refs.
import { fileURLToPath } from 'node:url';
import { defineContract } from '@unikorn-cloud/contract-tooling';

/**
 * Tags, one per generated service class (openapi-typescript-codegen: `<Tag>Service`, exposed on `IdentityAPI` as
 * the camel-cased tag: `api.allocations`, `api.projects`, `api.oauth2`, …). The tag names are already in the form
 * the generator's camelCase produces (`Oauth2`, not `OAuth2`), so the properties read well.
 */
const TAGS = [
  'ServiceInfo',
  'Oauth2',
  'Oauth2Providers',
  'Acl',
  'Organizations',
  'ServiceAccounts',
  'Users',
  'Roles',
  'Groups',
  'Projects',
  'Quotas',
  'Allocations',
];

const ORG = '/api/v1/organizations/{organizationID}';
const PROJECT = `${ORG}/projects/{projectID}`;

/**
 * Every operation of the upstream spec: [method, path, operationId, tag]. Naming scheme: `<verb><Resource>` with
 * list/create/get/update/delete for CRUD and the action verb otherwise; the project references the identity client
 * keeps are `addProjectReference` / `removeProjectReference`, like region's network references.
 */
const OPERATIONS = [
  ['get', '/.well-known/openid-protected-resource', 'getOpenidProtectedResource', 'ServiceInfo'],
  ['get', '/api/version', 'getVersion', 'ServiceInfo'],

  ['get', '/.well-known/openid-configuration', 'getOpenidConfiguration', 'Oauth2'],
  ['get', '/oauth2/v2/authorization', 'authorize', 'Oauth2'],
  ['post', '/oauth2/v2/authorization', 'authorizeForm', 'Oauth2'],
  ['post', '/oauth2/v2/token', 'token', 'Oauth2'],
  ['post', '/oauth2/v2/login', 'login', 'Oauth2'],
  ['get', '/oauth2/v2/userinfo', 'getUserinfo', 'Oauth2'],
  ['post', '/oauth2/v2/userinfo', 'postUserinfo', 'Oauth2'],
  ['get', '/oidc/callback', 'oidcCallback', 'Oauth2'],
  ['get', '/oauth2/v2/jwks', 'getJwks', 'Oauth2'],

  ['get', '/api/v1/oauth2providers', 'listSystemOauth2Providers', 'Oauth2Providers'],
  ['get', `${ORG}/oauth2providers`, 'listOauth2Providers', 'Oauth2Providers'],
  ['post', `${ORG}/oauth2providers`, 'createOauth2Provider', 'Oauth2Providers'],
  ['put', `${ORG}/oauth2providers/{providerID}`, 'updateOauth2Provider', 'Oauth2Providers'],
  ['delete', `${ORG}/oauth2providers/{providerID}`, 'deleteOauth2Provider', 'Oauth2Providers'],

  ['get', '/api/v1/acl', 'getAcl', 'Acl'],
  ['get', `${ORG}/acl`, 'getOrganizationAcl', 'Acl'],

  ['get', '/api/v1/organizations', 'listOrganizations', 'Organizations'],
  ['post', '/api/v1/organizations', 'createOrganization', 'Organizations'],
  ['get', ORG, 'getOrganization', 'Organizations'],
  ['put', ORG, 'updateOrganization', 'Organizations'],
  ['delete', ORG, 'deleteOrganization', 'Organizations'],

  ['get', `${ORG}/serviceaccounts`, 'listServiceAccounts', 'ServiceAccounts'],
  ['post', `${ORG}/serviceaccounts`, 'createServiceAccount', 'ServiceAccounts'],
  ['put', `${ORG}/serviceaccounts/{serviceAccountID}`, 'updateServiceAccount', 'ServiceAccounts'],
  ['delete', `${ORG}/serviceaccounts/{serviceAccountID}`, 'deleteServiceAccount', 'ServiceAccounts'],
  ['post', `${ORG}/serviceaccounts/{serviceAccountID}/rotate`, 'rotateServiceAccount', 'ServiceAccounts'],

  ['get', `${ORG}/users`, 'listUsers', 'Users'],
  ['post', `${ORG}/users`, 'createUser', 'Users'],
  ['put', `${ORG}/users/{userID}`, 'updateUser', 'Users'],
  ['delete', `${ORG}/users/{userID}`, 'deleteUser', 'Users'],

  ['get', `${ORG}/roles`, 'listRoles', 'Roles'],

  ['get', `${ORG}/groups`, 'listGroups', 'Groups'],
  ['post', `${ORG}/groups`, 'createGroup', 'Groups'],
  ['get', `${ORG}/groups/{groupid}`, 'getGroup', 'Groups'],
  ['put', `${ORG}/groups/{groupid}`, 'updateGroup', 'Groups'],
  ['delete', `${ORG}/groups/{groupid}`, 'deleteGroup', 'Groups'],

  ['get', `${ORG}/projects`, 'listProjects', 'Projects'],
  ['post', `${ORG}/projects`, 'createProject', 'Projects'],
  ['get', PROJECT, 'getProject', 'Projects'],
  ['put', PROJECT, 'updateProject', 'Projects'],
  ['delete', PROJECT, 'deleteProject', 'Projects'],
  ['put', `${PROJECT}/references/{reference}`, 'addProjectReference', 'Projects'],
  ['delete', `${PROJECT}/references/{reference}`, 'removeProjectReference', 'Projects'],

  ['get', `${ORG}/quotas`, 'getQuotas', 'Quotas'],
  ['put', `${ORG}/quotas`, 'updateQuotas', 'Quotas'],

  ['post', `${PROJECT}/allocations`, 'createAllocation', 'Allocations'],
  ['get', `${PROJECT}/allocations/{allocationID}`, 'getAllocation', 'Allocations'],
  ['put', `${PROJECT}/allocations/{allocationID}`, 'updateAllocation', 'Allocations'],
  ['delete', `${PROJECT}/allocations/{allocationID}`, 'deleteAllocation', 'Allocations'],
];

export default defineContract({
  packageDir: fileURLToPath(new URL('..', import.meta.url)),
  name: 'identity',
  contract: 'contract/identity.v1.yaml',
  generated: 'src/generated',
  clientName: 'IdentityAPI',
  scripts: { generate: 'scripts/generate.mjs', derive: 'scripts/derive-contract.mjs' },
  upstream: { title: 'identity API spec', file: 'identity.spec.yaml' },
  references: [
    {
      name: 'common',
      document:
        /^https:\/\/raw\.githubusercontent\.com\/unikorn-cloud\/core\/v1\.17\.1\/pkg\/openapi\/common\.spec\.yaml$/,
      title: "core's common.spec.yaml v1.17.1",
      file: 'common.spec.yaml',
    },
  ],
  renames: {},
  tags: TAGS,
  operations: OPERATIONS,
});
