/**
 * Resource references (Go `manager.GenerateResourceReference`): `<plural>.<group>/<name>`, the string a
 * service stores as a finalizer on resources it depends on.
 */

import { ApiException, type KubeConfig, type KubernetesObject, type V1APIResource } from '@kubernetes/client-node';
import { ConsistencyError } from '../errors/errors';
import { kubernetesObjects } from '../kubernetes/objectApi';

/** The legacy core group, rewritten to {@link LEGACY_GROUP_REWRITE} in references. */
const LEGACY_GROUP = 'unikorn-cloud.org';
const LEGACY_GROUP_REWRITE = 'kubernetes.unikorn-cloud.org';

const resourceLists = new WeakMap<KubeConfig, Map<string, Promise<V1APIResource[]>>>();
// Per loaded resource list: its kinds, each with the name of its only top-level resource (null when it has more than
// one). Looked up synchronously by later references while the list is the cached one, so a reference of a known kind
// costs no discovery step; refreshing the list (an unknown kind) replaces it, and with it this table.
const kindsByList = new WeakMap<Promise<V1APIResource[]>, Map<string, string | null>>();

function kindTable(resources: readonly V1APIResource[]): Map<string, string | null> {
  const kinds = new Map<string, string | null>();
  for (const resource of resources) {
    kinds.set(resource.kind, kinds.has(resource.kind) ? null : resource.name);
  }
  return kinds;
}

/** The (cached) top-level resources of an API version; failed lookups are not cached. */
function cachedResources(kube: KubeConfig, apiVersion: string, fresh: boolean): Promise<V1APIResource[]> {
  let perKube = resourceLists.get(kube);
  if (!perKube) {
    perKube = new Map();
    resourceLists.set(kube, perKube);
  }
  const existing = perKube.get(apiVersion);
  if (existing && !fresh) {
    return existing;
  }
  const entries = perKube;
  // Discovery through the KubeConfig's own HTTP stack: GET `/api/v1` or `/apis/<group>/<version>`.
  const loaded = kubernetesObjects(kube)
    .resourceList(apiVersion)
    .then((resources) => resources.filter((resource) => !resource.name.includes('/')));
  loaded.then(
    (resources) => kindsByList.set(loaded, kindTable(resources)),
    () => undefined,
  );
  entries.set(apiVersion, loaded);
  loaded.catch(() => {
    if (entries.get(apiVersion) === loaded) {
      entries.delete(apiVersion);
    }
  });
  return loaded;
}

/** Error for a kind the API server does not serve (Go's REST mapper "no matches for kind"). */
function noMatch(kind: string, apiVersion: string, cause?: unknown): ConsistencyError {
  return new ConsistencyError(
    `no matches for kind ${JSON.stringify(kind)} in version ${JSON.stringify(apiVersion)}`,
    cause === undefined ? undefined : { cause },
  );
}

/** Resources of `apiVersion` with this kind, refreshing the cache once when the kind is unknown. */
async function resourcesOfKind(kube: KubeConfig, apiVersion: string, kind: string): Promise<V1APIResource[]> {
  for (const fresh of [false, true]) {
    let resources: V1APIResource[];
    try {
      resources = await cachedResources(kube, apiVersion, fresh);
    } catch (error) {
      if (error instanceof ApiException && error.code === 404) {
        throw noMatch(kind, apiVersion, error);
      }
      throw error;
    }
    const matching = resources.filter((resource) => resource.kind === kind);
    if (matching.length > 0) {
      return matching;
    }
  }
  throw noMatch(kind, apiVersion);
}

/**
 * Generates the reference string of a Kubernetes object: `<plural>.<group>/<name>`.
 * The group `unikorn-cloud.org` is rewritten to `kubernetes.unikorn-cloud.org`; the core group gives
 * `<plural>./<name>`. The namespace is not part of the reference.
 *
 * @param kube - Kubernetes client used for API discovery (results cached per KubeConfig and apiVersion).
 * @param resource - The object; `apiVersion`, `kind` and `metadata.name` are used.
 * @throws ConsistencyError `expected single GVK for resource` when apiVersion/kind is missing or the kind maps
 *   to more than one resource; ConsistencyError `no matches for kind …` when it maps to none; other Kubernetes
 *   errors unchanged.
 */
export function generateResourceReference(kube: KubeConfig, resource: KubernetesObject): Promise<string> {
  try {
    const known = knownResourceReference(kube, resource);
    if (known !== undefined) return Promise.resolve(known);
  } catch (error) {
    return Promise.reject(error);
  }
  return discoveredReference(kube, resource);
}

/**
 * {@link generateResourceReference} without waiting: the reference when this KubeConfig's cached discovery already
 * maps the object's kind to exactly one resource (any earlier reference of that kind and apiVersion loaded it), else
 * `undefined`, also for a missing apiVersion or kind; then call {@link generateResourceReference}, which discovers and
 * throws the typed errors. Never does I/O; answers `undefined` rather than throwing for a value that is not an object.
 *
 * @param kube - Kubernetes client whose cached discovery is consulted.
 * @param resource - The object; `apiVersion`, `kind` and `metadata.name` are used.
 */
export function knownResourceReference(kube: KubeConfig, resource: KubernetesObject): string | undefined {
  if (typeof resource !== 'object' || resource === null) return undefined;
  const { apiVersion, kind } = resource;
  if (!apiVersion || !kind) return undefined;
  const list = resourceLists.get(kube)?.get(apiVersion);
  const plural = list === undefined ? undefined : kindsByList.get(list)?.get(kind);
  return typeof plural === 'string' ? reference(plural, apiVersion, resource) : undefined;
}

async function discoveredReference(kube: KubeConfig, resource: KubernetesObject): Promise<string> {
  const { apiVersion, kind } = resource;
  if (!apiVersion || !kind) {
    throw new ConsistencyError('expected single GVK for resource');
  }
  const matching = await resourcesOfKind(kube, apiVersion, kind);
  if (matching.length !== 1) {
    throw new ConsistencyError('expected single GVK for resource');
  }
  return reference(matching[0].name, apiVersion, resource);
}

function reference(plural: string, apiVersion: string, resource: KubernetesObject): string {
  const slash = apiVersion.indexOf('/');
  const apiGroup = slash === -1 ? '' : apiVersion.slice(0, slash);
  const group = apiGroup === LEGACY_GROUP ? LEGACY_GROUP_REWRITE : apiGroup;
  return `${plural}.${group}/${resource.metadata?.name ?? ''}`;
}
