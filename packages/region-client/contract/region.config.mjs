// The region contract's configuration for @unikorn-cloud/contract-tooling: where the contract and the generated
// client live, which documents the upstream spec's remote $refs point at, and our operation naming table.
//
//   pnpm --filter @unikorn-cloud/region-client generate          regenerate src/generated from contract/region.v2.yaml
//   pnpm --filter @unikorn-cloud/region-client generate:check    CI: is src/generated fresh?
//   pnpm --filter @unikorn-cloud/region-client contract:derive --spec <region.spec.yaml> --common <common.spec.yaml>
//       maintainers: re-derive the contract from the upstream region spec (unikorn-cloud/region
//       pkg/openapi/server.spec.yaml) and core's common.spec.yaml v1.17.1 it $refs.
import { fileURLToPath } from 'node:url';
import { defineContract } from '@unikorn-cloud/contract-tooling';

/**
 * Tags, one per generated service class (openapi-typescript-codegen: `<Tag>Service`, exposed on `RegionAPI`
 * as the camel-cased tag). v2 resources each have their own; v1-only resources (regions, flavors, external
 * networks, identities, image create/delete) live with their resource; v1 operations that v2 supersedes
 * (networks, security groups, servers) are kept apart under `Legacy`.
 */
const TAGS = [
  'ServiceInfo',
  'Regions',
  'Images',
  'Identities',
  'Networks',
  'SecurityGroups',
  'LoadBalancers',
  'SshCertificateAuthorities',
  'Servers',
  'FileStorage',
  'Volumes',
  'Legacy',
];

const V1 = '/api/v1/organizations/{organizationID}';
const V1_IDENTITY = `${V1}/projects/{projectID}/identities/{identityID}`;

/**
 * Every operation of the upstream spec: [method, path, operationId, tag]. Naming scheme: `<verb><Resource>` with
 * list/create/get/update/delete for CRUD and the action verb otherwise; a v1 operation whose natural name is
 * taken by its v2 successor gets the suffix `V1`. All names are already in the form the generator's camelCase
 * produces (`Ssh`, not `SSH`), so the generated method names equal the operationIds.
 */
const OPERATIONS = [
  ['get', '/.well-known/openid-protected-resource', 'getOpenidProtectedResource', 'ServiceInfo'],
  ['get', '/api/version', 'getVersion', 'ServiceInfo'],

  ['get', `${V1}/regions`, 'listRegions', 'Regions'],
  ['get', `${V1}/regions/{regionID}/detail`, 'getRegionDetail', 'Regions'],
  ['get', `${V1}/regions/{regionID}/flavors`, 'listFlavors', 'Regions'],
  ['get', `${V1}/regions/{regionID}/externalnetworks`, 'listExternalNetworks', 'Regions'],

  ['get', '/api/v2/regions/{regionID}/images', 'listImages', 'Images'],
  ['get', `${V1}/regions/{regionID}/images`, 'listImagesV1', 'Images'],
  ['post', `${V1}/regions/{regionID}/images`, 'createImage', 'Images'],
  ['delete', `${V1}/regions/{regionID}/images/{imageID}`, 'deleteImage', 'Images'],

  ['get', `${V1}/identities`, 'listIdentities', 'Identities'],
  ['post', `${V1}/projects/{projectID}/identities`, 'createIdentity', 'Identities'],
  ['get', V1_IDENTITY, 'getIdentity', 'Identities'],
  ['delete', V1_IDENTITY, 'deleteIdentity', 'Identities'],

  ['get', '/api/v2/networks', 'listNetworks', 'Networks'],
  ['post', '/api/v2/networks', 'createNetwork', 'Networks'],
  ['get', '/api/v2/networks/{networkID}', 'getNetwork', 'Networks'],
  ['put', '/api/v2/networks/{networkID}', 'updateNetwork', 'Networks'],
  ['delete', '/api/v2/networks/{networkID}', 'deleteNetwork', 'Networks'],
  ['put', '/api/v2/networks/{networkID}/references/{reference}', 'addNetworkReference', 'Networks'],
  ['delete', '/api/v2/networks/{networkID}/references/{reference}', 'removeNetworkReference', 'Networks'],

  ['get', '/api/v2/securitygroups', 'listSecurityGroups', 'SecurityGroups'],
  ['post', '/api/v2/securitygroups', 'createSecurityGroup', 'SecurityGroups'],
  ['get', '/api/v2/securitygroups/{securityGroupID}', 'getSecurityGroup', 'SecurityGroups'],
  ['put', '/api/v2/securitygroups/{securityGroupID}', 'updateSecurityGroup', 'SecurityGroups'],
  ['delete', '/api/v2/securitygroups/{securityGroupID}', 'deleteSecurityGroup', 'SecurityGroups'],

  ['get', '/api/v2/loadbalancers', 'listLoadBalancers', 'LoadBalancers'],
  ['post', '/api/v2/loadbalancers', 'createLoadBalancer', 'LoadBalancers'],
  ['get', '/api/v2/loadbalancers/{loadBalancerID}', 'getLoadBalancer', 'LoadBalancers'],
  ['put', '/api/v2/loadbalancers/{loadBalancerID}', 'updateLoadBalancer', 'LoadBalancers'],
  ['delete', '/api/v2/loadbalancers/{loadBalancerID}', 'deleteLoadBalancer', 'LoadBalancers'],

  ['get', '/api/v2/sshcertificateauthorities', 'listSshCertificateAuthorities', 'SshCertificateAuthorities'],
  ['post', '/api/v2/sshcertificateauthorities', 'createSshCertificateAuthority', 'SshCertificateAuthorities'],
  [
    'get',
    '/api/v2/sshcertificateauthorities/{sshCertificateAuthorityID}',
    'getSshCertificateAuthority',
    'SshCertificateAuthorities',
  ],
  [
    'delete',
    '/api/v2/sshcertificateauthorities/{sshCertificateAuthorityID}',
    'deleteSshCertificateAuthority',
    'SshCertificateAuthorities',
  ],

  ['get', '/api/v2/servers', 'listServers', 'Servers'],
  ['post', '/api/v2/servers', 'createServer', 'Servers'],
  ['get', '/api/v2/servers/{serverID}', 'getServer', 'Servers'],
  ['put', '/api/v2/servers/{serverID}', 'updateServer', 'Servers'],
  ['delete', '/api/v2/servers/{serverID}', 'deleteServer', 'Servers'],
  ['post', '/api/v2/servers/{serverID}/provider-create-gates', 'createServerProviderCreateGate', 'Servers'],
  ['get', '/api/v2/servers/{serverID}/sshkey', 'getServerSshKey', 'Servers'],
  ['post', '/api/v2/servers/{serverID}/start', 'startServer', 'Servers'],
  ['post', '/api/v2/servers/{serverID}/stop', 'stopServer', 'Servers'],
  ['post', '/api/v2/servers/{serverID}/softreboot', 'softRebootServer', 'Servers'],
  ['post', '/api/v2/servers/{serverID}/hardreboot', 'hardRebootServer', 'Servers'],
  ['get', '/api/v2/servers/{serverID}/consolesessions', 'getServerConsoleSession', 'Servers'],
  ['get', '/api/v2/servers/{serverID}/consoleoutput', 'getServerConsoleOutput', 'Servers'],
  ['post', '/api/v2/servers/{serverID}/snapshot', 'createServerSnapshot', 'Servers'],

  ['get', '/api/v2/filestorage', 'listFileStorage', 'FileStorage'],
  ['post', '/api/v2/filestorage', 'createFileStorage', 'FileStorage'],
  ['get', '/api/v2/filestorage/{filestorageID}', 'getFileStorage', 'FileStorage'],
  ['put', '/api/v2/filestorage/{filestorageID}', 'updateFileStorage', 'FileStorage'],
  ['delete', '/api/v2/filestorage/{filestorageID}', 'deleteFileStorage', 'FileStorage'],
  ['get', '/api/v2/filestorageclasses', 'listFileStorageClasses', 'FileStorage'],

  ['get', '/api/v2/volumes', 'listVolumes', 'Volumes'],
  ['post', '/api/v2/volumes', 'createVolume', 'Volumes'],
  ['get', '/api/v2/volumes/{volumeID}', 'getVolume', 'Volumes'],
  ['put', '/api/v2/volumes/{volumeID}', 'updateVolume', 'Volumes'],
  ['delete', '/api/v2/volumes/{volumeID}', 'deleteVolume', 'Volumes'],
  ['get', '/api/v2/volumeclasses', 'listVolumeClasses', 'Volumes'],

  ['get', `${V1}/networks`, 'listNetworksV1', 'Legacy'],
  ['post', `${V1_IDENTITY}/networks`, 'createNetworkV1', 'Legacy'],
  ['get', `${V1_IDENTITY}/networks/{networkID}`, 'getNetworkV1', 'Legacy'],
  ['delete', `${V1_IDENTITY}/networks/{networkID}`, 'deleteNetworkV1', 'Legacy'],
  ['get', `${V1}/securitygroups`, 'listSecurityGroupsV1', 'Legacy'],
  ['post', `${V1_IDENTITY}/securitygroups`, 'createSecurityGroupV1', 'Legacy'],
  ['get', `${V1_IDENTITY}/securitygroups/{securityGroupID}`, 'getSecurityGroupV1', 'Legacy'],
  ['put', `${V1_IDENTITY}/securitygroups/{securityGroupID}`, 'updateSecurityGroupV1', 'Legacy'],
  ['delete', `${V1_IDENTITY}/securitygroups/{securityGroupID}`, 'deleteSecurityGroupV1', 'Legacy'],
  ['get', `${V1}/servers`, 'listServersV1', 'Legacy'],
  ['post', `${V1_IDENTITY}/servers`, 'createServerV1', 'Legacy'],
  ['get', `${V1_IDENTITY}/servers/{serverID}`, 'getServerV1', 'Legacy'],
  ['put', `${V1_IDENTITY}/servers/{serverID}`, 'updateServerV1', 'Legacy'],
  ['delete', `${V1_IDENTITY}/servers/{serverID}`, 'deleteServerV1', 'Legacy'],
  ['post', `${V1_IDENTITY}/servers/{serverID}/start`, 'startServerV1', 'Legacy'],
  ['post', `${V1_IDENTITY}/servers/{serverID}/stop`, 'stopServerV1', 'Legacy'],
  ['post', `${V1_IDENTITY}/servers/{serverID}/softreboot`, 'softRebootServerV1', 'Legacy'],
  ['post', `${V1_IDENTITY}/servers/{serverID}/hardreboot`, 'hardRebootServerV1', 'Legacy'],
  ['get', `${V1_IDENTITY}/servers/{serverID}/consolesessions`, 'getServerConsoleSessionV1', 'Legacy'],
  ['get', `${V1_IDENTITY}/servers/{serverID}/consoleoutput`, 'getServerConsoleOutputV1', 'Legacy'],
];

export default defineContract({
  packageDir: fileURLToPath(new URL('..', import.meta.url)),
  name: 'region',
  contract: 'contract/region.v2.yaml',
  generated: 'src/generated',
  clientName: 'RegionAPI',
  scripts: { generate: 'scripts/generate.mjs', derive: 'scripts/derive-contract.mjs' },
  upstream: { title: 'region API spec', file: 'region.spec.yaml' },
  references: [
    {
      name: 'common',
      document:
        /^https:\/\/raw\.githubusercontent\.com\/unikorn-cloud\/core\/v1\.17\.1\/pkg\/openapi\/common\.spec\.yaml$/,
      title: "core's common.spec.yaml v1.17.1",
      file: 'common.spec.yaml',
    },
    {
      // identity's server.spec.yaml defines both as plain UUID strings; only these two are referenced.
      name: 'identity',
      document:
        /^https:\/\/raw\.githubusercontent\.com\/unikorn-cloud\/identity\/v[0-9.]+\/pkg\/openapi\/server\.spec\.yaml$/,
      schemas: {
        organizationId: { type: 'string', format: 'uuid' },
        projectId: { type: 'string', format: 'uuid' },
      },
    },
  ],
  /**
   * The upstream spec has both `sshCertificateAuthorityId` (uuid; the v2 SSH CA path parameter) and
   * `sshCertificateAuthorityID` (plain string; used by the v2 server spec/status). The names are not on the wire;
   * the generated model files would differ only in case.
   */
  renames: { schemas: { sshCertificateAuthorityID: 'serverSshCertificateAuthorityId' } },
  tags: TAGS,
  operations: OPERATIONS,
  /** Options-object operation groups (`api.networks.list({ organizationId })`) on identity-client's runtime. */
  operationGroups: { runtime: '@unikorn-cloud/identity-client' },
  /** `Error` would shadow the global in every file that imports it. */
  modelNames: { error: 'ErrorBody' },
});
