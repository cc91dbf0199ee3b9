/** A resource type the fake API server knows, for discovery and for the generic object routes. */
export interface ResourceDefinition {
  /** API group; `''` for the core group (`/api/v1`). */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** Lowercase plural, the URL path segment (`secrets`, `regionbindings`). */
  readonly plural: string;
  /** Default true. */
  readonly namespaced?: boolean;
  /** Subresource names such as `status`; listed in discovery as `<plural>/<name>` after the main resource. */
  readonly subresources?: readonly string[];
  /**
   * List the subresources before the main resource in discovery (a real API server lists them after). Clients that
   * pick the first entry with a matching kind, like `KubernetesObjectApi.resource()`, then get the subresource.
   */
  readonly subresourcesFirst?: boolean;
  /** Default `kind.toLowerCase()`. */
  readonly singular?: string;
  readonly shortNames?: readonly string[];
}

/** A `meta/v1.APIResource` entry of an APIResourceList. */
export interface APIResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  shortNames?: string[];
}

/** A registered resource with its defaults filled in. */
export interface RegisteredResource {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
  readonly subresources: readonly string[];
  readonly subresourcesFirst: boolean;
  readonly singular: string;
  readonly shortNames: readonly string[];
}

const objectVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** `v1` for the core group, `<group>/<version>` otherwise. */
export function groupVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** Splits an apiVersion (`v1`, `networking.k8s.io/v1`) into group and version. */
export function parseAPIVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** The resource types of the fake API server and the discovery documents describing them. */
export class ResourceRegistry {
  private readonly resources: RegisteredResource[] = [];

  /** Registers (or replaces, by group/version/plural) a resource type. */
  register(definition: ResourceDefinition): RegisteredResource {
    const resource: RegisteredResource = {
      group: definition.group,
      version: definition.version,
      kind: definition.kind,
      plural: definition.plural,
      namespaced: definition.namespaced ?? true,
      subresources: [...(definition.subresources ?? [])],
      subresourcesFirst: definition.subresourcesFirst ?? false,
      singular: definition.singular ?? definition.kind.toLowerCase(),
      shortNames: [...(definition.shortNames ?? [])],
    };
    const index = this.resources.findIndex(
      (r) => r.group === resource.group && r.version === resource.version && r.plural === resource.plural,
    );
    if (index >= 0) this.resources[index] = resource;
    else this.resources.push(resource);
    return resource;
  }

  /** Finds a resource by URL coordinates. */
  byPlural(group: string, version: string, plural: string): RegisteredResource | undefined {
    return this.resources.find((r) => r.group === group && r.version === version && r.plural === plural);
  }

  /** Finds a resource by apiVersion and kind. */
  byKind(apiVersion: string, kind: string): RegisteredResource | undefined {
    const { group, version } = parseAPIVersion(apiVersion);
    return this.resources.find((r) => r.group === group && r.version === version && r.kind === kind);
  }

  /** `/api`: the core group's versions. */
  apiVersions(serverAddress: string): object {
    return {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
    };
  }

  /** `/apis`: every non-core group with its versions. */
  apiGroupList(): object {
    return { kind: 'APIGroupList', apiVersion: 'v1', groups: this.groupNames().map((name) => this.apiGroup(name)) };
  }

  /** `/apis/<group>`, or undefined when no resource of that group is registered. */
  apiGroup(name: string): object | undefined {
    const versions = [...new Set(this.resources.filter((r) => r.group === name && name !== '').map((r) => r.version))];
    if (versions.length === 0) return undefined;
    const entries = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
    return { kind: 'APIGroup', apiVersion: 'v1', name, versions: entries, preferredVersion: entries[0] };
  }

  /** `/api/v1` or `/apis/<group>/<version>`, or undefined when nothing is registered there. */
  apiResourceList(group: string, version: string): object | undefined {
    const members = this.resources.filter((r) => r.group === group && r.version === version);
    if (members.length === 0) return undefined;
    const resources: APIResource[] = [];
    for (const resource of members) {
      const subresources: APIResource[] = resource.subresources.map((subresource) => ({
        name: `${resource.plural}/${subresource}`,
        singularName: '',
        namespaced: resource.namespaced,
        kind: resource.kind,
        verbs: ['get', 'patch', 'update'],
      }));
      const entry: APIResource = {
        name: resource.plural,
        singularName: resource.singular,
        namespaced: resource.namespaced,
        kind: resource.kind,
        verbs: [...objectVerbs],
      };
      if (resource.shortNames.length > 0) entry.shortNames = [...resource.shortNames];
      if (resource.subresourcesFirst) resources.push(...subresources, entry);
      else resources.push(entry, ...subresources);
    }
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersionOf(group, version), resources };
  }

  private groupNames(): string[] {
    return [...new Set(this.resources.filter((r) => r.group !== '').map((r) => r.group))];
  }
}

/**
 * The resources every fake API server starts with: core v1 namespaces, secrets, configmaps, pods (with `pods/status`
 * listed BEFORE `pods` on purpose, to exercise discovery code that forgets to skip subresources) and
 * networking.k8s.io/v1 ingresses.
 */
export const defaultResources: readonly ResourceDefinition[] = [
  { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false, shortNames: ['ns'] },
  { group: '', version: 'v1', kind: 'Secret', plural: 'secrets' },
  { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', shortNames: ['cm'] },
  {
    group: '',
    version: 'v1',
    kind: 'Pod',
    plural: 'pods',
    subresources: ['status'],
    subresourcesFirst: true,
    shortNames: ['po'],
  },
  { group: 'networking.k8s.io', version: 'v1', kind: 'Ingress', plural: 'ingresses', shortNames: ['ing'] },
];
