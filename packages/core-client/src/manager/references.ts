/**
 * Resource references kept as finalizers (Go `core/pkg/manager`): a service that depends on a Kubernetes resource
 * adds its reference (see `generateResourceReference`) to the resource's finalizers, so the resource cannot be deleted
 * until every user has removed its reference again. Writes are full updates carrying the resourceVersion that was
 * read (optimistic concurrency); a conflict becomes {@link YieldError} so the controller requeues and rereads.
 */

import { ApiException, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { ConsistencyError, TypeConversionError, YieldError } from '../errors/errors';
import { Finalizer } from '../kubernetes/constants';
import { kubernetesObjects } from '../kubernetes/objectApi';

/** Finalizer of the Kubernetes garbage collector's foreground deletion (`metav1.FinalizerDeleteDependents`). */
export const ForegroundDeletionFinalizer = 'foregroundDeletion';

/** The API version and kind of the resources a call acts on (Go: the typed object or list passed in). */
export interface ResourceKind {
  /** e.g. `region.unikorn-cloud.org/v1alpha1` or `v1`. */
  readonly apiVersion: string;
  /** e.g. `Network`. */
  readonly kind: string;
}

/** Which object to act on (Go `client.ObjectKey`). */
export interface ObjectKey {
  /** Namespace; omit for cluster-scoped kinds (a namespaced kind then uses the KubeConfig context's namespace). */
  readonly namespace?: string;
  readonly name: string;
}

/** Which objects a bulk call lists (Go `client.ListOptions`). */
export interface ReferenceListOptions {
  /** Namespace to list in; all namespaces when omitted. */
  readonly namespace?: string;
  /** Label selector: selector text (`a=b,c in (d)`) or a set of labels that must all match. */
  readonly labelSelector?: string | Readonly<Record<string, string>>;
  /** Field selector text, e.g. `metadata.name=x`. */
  readonly fieldSelector?: string;
}

/** The part of an object {@link getResourceReferences} reads. */
export interface ObjectWithFinalizers {
  readonly metadata?: { readonly finalizers?: readonly string[] | null } | null;
}

/**
 * Go `GetResourceReferences`: the object's finalizers except every `unikorn` and `foregroundDeletion`, in order and
 * with duplicates kept (anything else, other controllers' finalizers included, counts as a reference). The object is
 * not modified.
 */
export function getResourceReferences(object: ObjectWithFinalizers): string[] {
  return (object.metadata?.finalizers ?? []).filter(
    (finalizer) => finalizer !== Finalizer && finalizer !== ForegroundDeletionFinalizer,
  );
}

const isStatus = (error: unknown, code: number) => error instanceof ApiException && error.code === code;

/** Kubernetes update with Go's conflict mapping: 409 becomes {@link YieldError}, anything else is thrown unchanged. */
async function update(kube: KubeConfig, object: KubernetesObject): Promise<KubernetesObject> {
  try {
    return await kubernetesObjects(kube).replace(object);
  } catch (error) {
    if (isStatus(error, 409)) throw new YieldError(undefined, { cause: error });
    throw error;
  }
}

function read(kube: KubeConfig, kind: ResourceKind, key: ObjectKey): Promise<KubernetesObject> {
  const metadata = key.namespace === undefined ? { name: key.name } : { name: key.name, namespace: key.namespace };
  return kubernetesObjects(kube).read({ apiVersion: kind.apiVersion, kind: kind.kind, metadata });
}

function labelSelectorText(selector: ReferenceListOptions['labelSelector']): string | undefined {
  if (selector === undefined || typeof selector === 'string') return selector;
  // labels.SelectorFromSet: the requirements sorted by key.
  return Object.keys(selector)
    .sort()
    .map((key) => `${key}=${selector[key]}`)
    .join(',');
}

/** LIST; every item gets the listed apiVersion and kind (the API server may omit them on items). */
async function list(kube: KubeConfig, kind: ResourceKind, options: ReferenceListOptions): Promise<KubernetesObject[]> {
  const listed = await kubernetesObjects(kube).list(
    kind.apiVersion,
    kind.kind,
    options.namespace,
    undefined,
    undefined,
    undefined,
    options.fieldSelector,
    labelSelectorText(options.labelSelector),
  );
  return (listed.items as unknown[]).map((item) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw new TypeConversionError('resource not a client object');
    }
    return { ...(item as KubernetesObject), apiVersion: kind.apiVersion, kind: kind.kind };
  });
}

/** controllerutil.AddFinalizer: appends when absent; false when it was already there. */
function addFinalizer(object: KubernetesObject, reference: string): boolean {
  const finalizers = object.metadata?.finalizers ?? [];
  if (finalizers.includes(reference)) return false;
  object.metadata = { ...object.metadata, finalizers: [...finalizers, reference] };
  return true;
}

/** controllerutil.RemoveFinalizer: removes every occurrence; false when there was none. */
function removeFinalizer(object: KubernetesObject, reference: string): boolean {
  const finalizers = object.metadata?.finalizers ?? [];
  const kept = finalizers.filter((finalizer) => finalizer !== reference);
  if (kept.length === finalizers.length) return false;
  object.metadata = { ...object.metadata, finalizers: kept };
  return true;
}

/**
 * Go `AddResourceReference`: reads the object and appends `reference` to the end of its finalizers, unless it is
 * already there (then nothing is written).
 *
 * @returns The object as stored afterwards.
 * @throws The Kubernetes error of the read unchanged (a missing object included); {@link YieldError} when the update
 *   conflicts; other update errors unchanged.
 */
export async function addResourceReference(
  kube: KubeConfig,
  kind: ResourceKind,
  key: ObjectKey,
  reference: string,
): Promise<KubernetesObject> {
  const object = await read(kube, kind, key);
  if (!addFinalizer(object, reference)) return object;
  return update(kube, { ...object, apiVersion: kind.apiVersion, kind: kind.kind });
}

/**
 * Go `AddResourceReferences`: lists the objects and adds `reference` to each one named in `ids`, in that order
 * (objects are matched by name only; when names repeat across namespaces the one listed last wins). Not transactional:
 * updates made before an error stay applied; a repeated id is updated once.
 *
 * @throws ConsistencyError `attempt to reference unknown resource ID <id>` for an id not listed; the list error
 *   unchanged; {@link YieldError} on an update conflict; other update errors unchanged.
 */
export async function addResourceReferences(
  kube: KubeConfig,
  kind: ResourceKind,
  options: ReferenceListOptions,
  reference: string,
  ids: readonly string[],
): Promise<void> {
  const byName = new Map<string, KubernetesObject>();
  for (const item of await list(kube, kind, options)) byName.set(item.metadata?.name ?? '', item);
  for (const id of ids) {
    const object = byName.get(id);
    if (object === undefined) throw new ConsistencyError(`attempt to reference unknown resource ID ${id}`);
    if (!addFinalizer(object, reference)) continue;
    await update(kube, object);
  }
}

/**
 * Go `RemoveResourceReference`: reads the object and removes every occurrence of `reference` from its finalizers
 * (nothing is written when there is none). A missing object, at the read or at the update, is success.
 *
 * @returns The object as stored afterwards, or undefined when it does not exist (any more).
 * @throws {@link YieldError} when the update conflicts; other Kubernetes errors unchanged.
 */
export async function removeResourceReference(
  kube: KubeConfig,
  kind: ResourceKind,
  key: ObjectKey,
  reference: string,
): Promise<KubernetesObject | undefined> {
  let object: KubernetesObject;
  try {
    object = await read(kube, kind, key);
  } catch (error) {
    if (isStatus(error, 404)) return undefined;
    throw error;
  }
  if (!removeFinalizer(object, reference)) return object;
  try {
    return await update(kube, { ...object, apiVersion: kind.apiVersion, kind: kind.kind });
  } catch (error) {
    if (isStatus(error, 404)) return undefined;
    throw error;
  }
}

/**
 * Go `RemoveResourceReferences`: lists the objects and removes `reference` from every one whose name is **not** in
 * `ids`, in list order, stopping at the first error. Unlike {@link removeResourceReference}, an object that vanished
 * before its update is an error here, as in Go.
 *
 * @throws The list error unchanged; {@link YieldError} on an update conflict; other update errors (NotFound too)
 *   unchanged.
 */
export async function removeResourceReferences(
  kube: KubeConfig,
  kind: ResourceKind,
  options: ReferenceListOptions,
  reference: string,
  ids: readonly string[],
): Promise<void> {
  const keep = new Set(ids);
  for (const object of await list(kube, kind, options)) {
    if (keep.has(object.metadata?.name ?? '')) continue;
    if (!removeFinalizer(object, reference)) continue;
    await update(kube, object);
  }
}

/**
 * Go `ClearResourceReferences`: removes `reference` from every listed object (used while finalizing a resource that
 * may reference many others).
 *
 * @throws See {@link removeResourceReferences}.
 */
export function clearResourceReferences(
  kube: KubeConfig,
  kind: ResourceKind,
  options: ReferenceListOptions,
  reference: string,
): Promise<void> {
  return removeResourceReferences(kube, kind, options, reference, []);
}
