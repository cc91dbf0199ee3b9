#!/usr/bin/env node
// Derives the project's region API contract (contract/region.v2.yaml) from the reference spec.
//
//   node scripts/derive-contract.mjs [region.spec.yaml] [common.v1.17.1.spec.yaml] [--out contract/region.v2.yaml]
//
// What it does, in order (no network access, ever):
//   1. resolves every remote $ref: core's common.spec.yaml v1.17.1 (by URL) from the local copy, identity's
//      organizationId/projectId from a built-in table; the referenced components are copied (transitively) into
//      #/components/<kind>/<name>, renamed `common<Name>` / `identity<Name>` only if the name is already taken;
//      component names that differ only in case (generated model files would collide on case-insensitive file
//      systems) are renamed per RENAMES;
//   2. removes the reference's prose (description, summary, example, examples, externalDocs) and Go/tooling-only
//      vendor extensions, keeping those a server or client acts on (KEPT_EXTENSIONS);
//   3. gives every operation our own operationId, one tag (one generated service class per tag) and a summary of
//      a few words derived from the operationId; fails if the reference gains or loses an operation;
//   4. gives every response object a short description (required by OpenAPI 3.0): the HTTP reason phrase of the
//      status it is used with ("Bad Request"), or the component name in words when used with several statuses;
//   5. gives every discriminator an explicit `mapping` (openapi-typescript-codegen needs it);
//   6. states `type: object` on schemas that have `properties` but no `type` (the reference omits it in places,
//      and openapi-typescript-codegen then generates an empty `{}` type, e.g. for resourceMetadata);
//   7. orders keys deterministically (paths, component names and statuses sorted; operation keys canonical).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse, stringify } from 'yaml';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const DEFAULT_REGION_SPEC = path.resolve(packageDir, '../../../shared/reference/openapi/region.spec.yaml');
export const DEFAULT_COMMON_SPEC = path.resolve(
  packageDir,
  '../../../shared/reference/openapi/common.v1.17.1.spec.yaml',
);
export const DEFAULT_OUTPUT = path.resolve(packageDir, 'contract/region.v2.yaml');

const COMMON_DOCUMENT =
  /^https:\/\/raw\.githubusercontent\.com\/unikorn-cloud\/core\/v1\.17\.1\/pkg\/openapi\/common\.spec\.yaml$/;
const IDENTITY_DOCUMENT =
  /^https:\/\/raw\.githubusercontent\.com\/unikorn-cloud\/identity\/v[0-9.]+\/pkg\/openapi\/server\.spec\.yaml$/;
// identity's server.spec.yaml defines both as plain UUID strings (see shared/reference/UPSTREAM.md §9.2).
const IDENTITY_SCHEMAS = {
  organizationId: { type: 'string', format: 'uuid' },
  projectId: { type: 'string', format: 'uuid' },
};

/**
 * Component renames, per kind. The reference has both `sshCertificateAuthorityId` (uuid; the v2 SSH CA path
 * parameter) and `sshCertificateAuthorityID` (plain string; used by the v2 server spec/status). The names are
 * not on the wire; the generated model files would differ only in case.
 */
const RENAMES = {
  schemas: { sshCertificateAuthorityID: 'serverSshCertificateAuthorityId' },
};

/** Vendor extensions that change what a server or client does; every other `x-` key is dropped. */
const KEPT_EXTENSIONS = new Set([
  'x-hidden', // not in public docs
  'x-no-body', // request carries no body
  'x-no-security-requirements', // no authentication at all
  'x-no-authorization', // authenticated, but no RBAC check
  'x-kubernetes-list-type', // list semantics (e.g. "map": items unique by the keys below)
  'x-kubernetes-list-map-keys',
]);

/** Keys carrying the reference's prose. */
const PROSE_KEYS = new Set(['description', 'summary', 'example', 'examples', 'externalDocs']);

/** Keys whose value is a map from names (property names, statuses, media types, …) to nodes. */
const NAME_MAP_KEYS = new Set([
  'callbacks',
  'content',
  'encoding',
  'headers',
  'links',
  'mapping',
  'parameters',
  'paths',
  'patternProperties',
  'properties',
  'requestBodies',
  'responses',
  'schemas',
  'scopes',
  'securitySchemes',
  'variables',
]);

/** Keys whose value is data, not OpenAPI structure: copied verbatim. */
const LITERAL_KEYS = new Set(['default', 'enum', 'required', 'security']);

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * Tags, one per generated service class (openapi-typescript-codegen: `<Tag>Service`, exposed on `RegionAPI`
 * as the camel-cased tag). v2 resources each have their own; v1-only resources (regions, flavors, external
 * networks, identities, image create/delete) live with their resource; v1 operations that v2 supersedes
 * (networks, security groups, servers) are kept apart under `Legacy`.
 */
export const TAGS = [
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
 * Every operation of the reference: [method, path, operationId, tag]. Naming scheme: `<verb><Resource>` with
 * list/create/get/update/delete for CRUD and the action verb otherwise; a v1 operation whose natural name is
 * taken by its v2 successor gets the suffix `V1`. All names are already in the form the generator's camelCase
 * produces (`Ssh`, not `SSH`), so the generated method names equal the operationIds.
 */
export const OPERATIONS = [
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

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
const upperFirst = (s) => s.charAt(0).toUpperCase() + s.slice(1);
const words = (identifier) =>
  identifier
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();

/** "listImagesV1" → "List images (v1)." */
const summaryOf = (operationId) => {
  const legacy = operationId.endsWith('V1');
  const text = upperFirst(words(legacy ? operationId.slice(0, -2) : operationId));
  return `${text}${legacy ? ' (v1)' : ''}.`;
};

/** Calls fn(node) on every object in the tree, depth first. */
const visitObjects = (node, fn) => {
  if (Array.isArray(node)) {
    for (const item of node) visitObjects(item, fn);
  } else if (isObject(node)) {
    fn(node);
    for (const value of Object.values(node)) visitObjects(value, fn);
  }
};

const parseComponentPointer = (ref, pointer) => {
  const match = /^\/components\/([A-Za-z]+)\/([^/]+)$/.exec(pointer);
  if (!match) throw new Error(`derive-contract: unsupported $ref ${ref} (only #/components/<kind>/<name>)`);
  return { kind: match[1], name: decodeURIComponent(match[2].replace(/~1/g, '/').replace(/~0/g, '~')) };
};

/** Step 1: every remote $ref becomes a local one; referenced external components are copied in. */
const localiseReferences = (region, common) => {
  const doc = structuredClone(region);
  doc.components ??= {};
  const taken = (kind, name) => doc.components[kind]?.[name] !== undefined;
  const imported = new Map(); // `${source}:${kind}/${name}` → local name
  const pending = [];

  const importComponent = (source, kind, name, definition) => {
    const key = `${source}:${kind}/${name}`;
    const known = imported.get(key);
    if (known) return known;
    if (definition === undefined) throw new Error(`derive-contract: ${source} has no #/components/${kind}/${name}`);
    const local = taken(kind, name) ? `${source}${upperFirst(name)}` : name;
    if (taken(kind, local)) throw new Error(`derive-contract: cannot import ${key}: ${local} is taken too`);
    imported.set(key, local);
    doc.components[kind] ??= {};
    doc.components[kind][local] = null; // reserve the name; filled in below
    pending.push({ source, kind, local, definition: structuredClone(definition) });
    return local;
  };

  const rewrite = (tree, origin) =>
    visitObjects(tree, (node) => {
      if (typeof node.$ref !== 'string') return;
      const hash = node.$ref.indexOf('#');
      const document = hash < 0 ? node.$ref : node.$ref.slice(0, hash);
      const pointer = hash < 0 ? '' : node.$ref.slice(hash + 1);
      let source;
      if (document === '') source = origin;
      else if (COMMON_DOCUMENT.test(document)) source = 'common';
      else if (IDENTITY_DOCUMENT.test(document)) source = 'identity';
      else throw new Error(`derive-contract: unknown remote $ref ${node.$ref}`);
      if (source === 'region') return;
      const { kind, name } = parseComponentPointer(node.$ref, pointer);
      const definition = source === 'common' ? common.components?.[kind]?.[name] : IDENTITY_SCHEMAS[name];
      if (source === 'identity' && kind !== 'schemas') throw new Error(`derive-contract: unknown ${node.$ref}`);
      node.$ref = `#/components/${kind}/${importComponent(source, kind, name, definition)}`;
    });

  rewrite(doc.paths, 'region');
  rewrite(doc.components, 'region');
  while (pending.length > 0) {
    const { source, kind, local, definition } = pending.shift();
    rewrite(definition, source);
    doc.components[kind][local] = definition;
  }

  visitObjects(doc, (node) => {
    if (typeof node.$ref !== 'string') return;
    const { kind, name } = parseComponentPointer(node.$ref, node.$ref.replace(/^#/, ''));
    if (!isObject(doc.components[kind]?.[name])) throw new Error(`derive-contract: dangling $ref ${node.$ref}`);
  });
  return doc;
};

/** Step 1b: rename components per RENAMES; refuse names that still differ only in case. */
const renameComponents = (doc) => {
  const renamed = new Map();
  for (const [kind, renames] of Object.entries(RENAMES)) {
    for (const [from, to] of Object.entries(renames)) {
      const components = doc.components[kind] ?? {};
      if (!(from in components)) throw new Error(`derive-contract: RENAMES: no #/components/${kind}/${from}`);
      if (to in components) throw new Error(`derive-contract: RENAMES: #/components/${kind}/${to} exists`);
      components[to] = components[from];
      delete components[from];
      renamed.set(`#/components/${kind}/${from}`, `#/components/${kind}/${to}`);
    }
  }
  visitObjects(doc, (node) => {
    if (typeof node.$ref === 'string' && renamed.has(node.$ref)) node.$ref = renamed.get(node.$ref);
  });
  for (const [kind, components] of Object.entries(doc.components)) {
    const seen = new Map();
    for (const name of Object.keys(components)) {
      const other = seen.get(name.toLowerCase());
      if (other)
        throw new Error(`derive-contract: #/components/${kind}/${other} and ${name} differ only in case; add a rename`);
      seen.set(name.toLowerCase(), name);
    }
  }
};

/** Step 2: drop prose and unneeded vendor extensions, keeping names (property names, statuses, …) intact. */
const cleanNode = (node) => {
  if (Array.isArray(node)) return node.map(cleanNode);
  if (!isObject(node)) return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (PROSE_KEYS.has(key)) continue;
    if (key.startsWith('x-') && !KEPT_EXTENSIONS.has(key)) continue;
    if (LITERAL_KEYS.has(key)) out[key] = structuredClone(value);
    else if (NAME_MAP_KEYS.has(key) && isObject(value)) out[key] = cleanNameMap(value);
    else out[key] = cleanNode(value);
  }
  return out;
};

const cleanNameMap = (map) => Object.fromEntries(Object.entries(map).map(([name, value]) => [name, cleanNode(value)]));

/** Step 3: our operationIds, tags and summaries. */
const annotateOperations = (doc) => {
  const table = new Map(OPERATIONS.map(([method, p, operationId, tag]) => [`${method} ${p}`, { operationId, tag }]));
  const ids = new Set();
  for (const [, , operationId, tag] of OPERATIONS) {
    if (ids.has(operationId)) throw new Error(`derive-contract: duplicate operationId ${operationId}`);
    if (!TAGS.includes(tag)) throw new Error(`derive-contract: unknown tag ${tag}`);
    ids.add(operationId);
  }
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const entry = table.get(`${method} ${p}`);
      if (!entry)
        throw new Error(`derive-contract: no operationId for ${method.toUpperCase()} ${p}; add it to OPERATIONS`);
      table.delete(`${method} ${p}`);
      operation.operationId = entry.operationId;
      operation.tags = [entry.tag];
      operation.summary = summaryOf(entry.operationId);
    }
  }
  if (table.size > 0)
    throw new Error(`derive-contract: not in the reference any more: ${[...table.keys()].join(', ')}`);
  doc.tags = TAGS.map((name) => ({ name }));
};

/** Step 4: a description on every response object (required by OpenAPI 3.0), in our own words. */
const describeResponses = (doc) => {
  const reason = (status) => STATUS_CODES[status] ?? (status === 'default' ? 'Default' : `Status ${status}`);
  const usage = new Map(); // response component name → statuses it is used with
  for (const item of Object.values(doc.paths)) {
    for (const method of HTTP_METHODS) {
      for (const [status, response] of Object.entries(item[method]?.responses ?? {})) {
        if (typeof response.$ref === 'string') {
          const name = response.$ref.split('/').pop();
          if (!usage.has(name)) usage.set(name, new Set());
          usage.get(name).add(status);
        } else {
          item[method].responses[status] = { description: reason(status), ...response };
        }
      }
    }
  }
  for (const [name, response] of Object.entries(doc.components.responses ?? {})) {
    const statuses = [...(usage.get(name) ?? [])];
    const description = statuses.length === 1 ? reason(statuses[0]) : upperFirst(words(name.replace(/Response$/, '')));
    doc.components.responses[name] = { description, ...response };
  }
};

/** Step 5: explicit discriminator mappings, derived from each member's single-valued enum. */
const mapDiscriminators = (doc) => {
  const schemaOf = (ref) => doc.components.schemas[ref.split('/').pop()];
  const discriminatorValue = (ref, property, seen = new Set()) => {
    if (seen.has(ref)) return undefined;
    seen.add(ref);
    const schema = schemaOf(ref);
    const values = schema?.properties?.[property]?.enum;
    if (Array.isArray(values) && values.length === 1) return values[0];
    for (const part of schema?.allOf ?? []) {
      const value = part.$ref ? discriminatorValue(part.$ref, property, seen) : part.properties?.[property]?.enum;
      if (Array.isArray(value) && value.length === 1) return value[0];
      if (typeof value === 'string') return value;
    }
    return undefined;
  };
  visitObjects(doc, (node) => {
    if (!isObject(node.discriminator) || node.discriminator.mapping) return;
    const members = node.oneOf ?? node.anyOf;
    if (!Array.isArray(members)) throw new Error('derive-contract: discriminator without oneOf/anyOf needs a mapping');
    const mapping = {};
    for (const member of members) {
      const value = member.$ref && discriminatorValue(member.$ref, node.discriminator.propertyName);
      if (value === undefined)
        throw new Error(`derive-contract: cannot derive a discriminator mapping for ${member.$ref}`);
      mapping[value] = member.$ref;
    }
    node.discriminator.mapping = mapping;
  });
};

/** Step 6: schemas with properties are objects; say so where the reference leaves `type` out. */
const typeObjectSchemas = (doc) => {
  visitObjects(doc, (node) => {
    if (isObject(node.properties) && node.type === undefined && !node.$ref) node.type = 'object';
  });
};

/** Step 7: deterministic key order. */
const ordered = (object, first, { sortRest = false } = {}) => {
  const rest = Object.keys(object).filter((key) => !first.includes(key));
  if (sortRest) rest.sort();
  return Object.fromEntries([...first.filter((key) => key in object), ...rest].map((key) => [key, object[key]]));
};
const sortedKeys = (object) =>
  Object.fromEntries(
    Object.keys(object)
      .sort()
      .map((key) => [key, object[key]]),
  );

const orderDocument = (doc) => {
  const operationKeys = ['operationId', 'tags', 'summary', 'deprecated'];
  const tailKeys = ['security', 'parameters', 'requestBody', 'responses'];
  const paths = {};
  for (const [p, item] of Object.entries(sortedKeys(doc.paths))) {
    const orderedItem = ordered(item, ['parameters', ...HTTP_METHODS]);
    for (const method of HTTP_METHODS) {
      const operation = orderedItem[method];
      if (!operation) continue;
      const extensions = Object.keys(operation)
        .filter((key) => key.startsWith('x-'))
        .sort();
      const other = Object.keys(operation).filter(
        (key) => !key.startsWith('x-') && !operationKeys.includes(key) && !tailKeys.includes(key),
      );
      orderedItem[method] = ordered(operation, [...operationKeys, ...extensions, ...other, ...tailKeys]);
      orderedItem[method].responses = sortedKeys(orderedItem[method].responses);
    }
    paths[p] = orderedItem;
  }
  const components = {};
  for (const kind of Object.keys(doc.components).sort()) components[kind] = sortedKeys(doc.components[kind]);
  return ordered({ ...doc, paths, components }, ['openapi', 'info', 'tags', 'paths', 'components']);
};

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/** Returns the contract text derived from the two reference files' contents. */
export const deriveContractText = (regionText, commonText) => {
  const region = parse(regionText);
  const common = parse(commonText);
  const localised = localiseReferences(region, common);
  renameComponents(localised);
  const doc = cleanNode(localised);
  doc.info = { title: region.info.title, version: region.info.version };
  annotateOperations(doc);
  describeResponses(doc);
  mapDiscriminators(doc);
  typeObjectSchemas(doc);
  const body = stringify(orderDocument(doc), { lineWidth: 0, aliasDuplicateObjects: false });
  const header = [
    '# GENERATED FILE: DO NOT EDIT BY HAND.',
    '# Derived by packages/region-client/scripts/derive-contract.mjs from the reference region API spec',
    `# (region.spec.yaml, info.version ${region.info.version}, sha256 ${sha256(regionText)})`,
    `# and core's common.spec.yaml v1.17.1 (sha256 ${sha256(commonText)}).`,
    '# Change the script or the reference, then run `pnpm --filter @unikorn-cloud/region-client generate`.',
  ];
  return `${header.join('\n')}\n${body}`;
};

/** Reads the reference files and writes the contract; returns the output path. */
export const deriveContract = ({
  regionSpec = DEFAULT_REGION_SPEC,
  commonSpec = DEFAULT_COMMON_SPEC,
  output = DEFAULT_OUTPUT,
} = {}) => {
  const text = deriveContractText(readFileSync(regionSpec, 'utf8'), readFileSync(commonSpec, 'utf8'));
  mkdirSync(path.dirname(output), { recursive: true });
  writeFileSync(output, text);
  return output;
};

/** CLI arguments: [regionSpec] [commonSpec] [--out file]. */
export const parseArguments = (argv) => {
  const positional = [];
  let output;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') output = argv[++i];
    else if (argv[i].startsWith('--out=')) output = argv[i].slice('--out='.length);
    else if (!argv[i].startsWith('--')) positional.push(argv[i]);
  }
  return {
    regionSpec: positional[0] ? path.resolve(positional[0]) : DEFAULT_REGION_SPEC,
    commonSpec: positional[1] ? path.resolve(positional[1]) : DEFAULT_COMMON_SPEC,
    output: output ? path.resolve(output) : DEFAULT_OUTPUT,
  };
};

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const written = deriveContract(parseArguments(process.argv.slice(2)));
  console.log(`derive-contract: wrote ${path.relative(process.cwd(), written)}`);
}
