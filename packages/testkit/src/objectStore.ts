import { randomUUID } from 'node:crypto';
import { groupVersionOf, type RegisteredResource } from './apiResources';

/** The metadata fields the fake API server reads from objects written to it (other fields are kept as they are). */
export interface ObjectMetaInput {
  name?: string;
  namespace?: string;
  resourceVersion?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Names of pending finalizers: a DELETE only marks the object (deletionTimestamp) while any remain. */
  finalizers?: string[];
  /** Set by the server when a DELETE is blocked by finalizers; clients cannot set or clear it. */
  deletionTimestamp?: string | Date;
  deletionGracePeriodSeconds?: number;
}

/**
 * Any Kubernetes object: apiVersion, kind and metadata plus whatever else it carries (no index signature, so
 * `V1Secret` and other client-node models are accepted).
 */
export interface KubernetesObjectLike {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMetaInput;
}

/** A stored object: apiVersion, kind, name, resourceVersion, uid and creationTimestamp are always set. */
export interface StoredObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMetaInput & {
    name: string;
    resourceVersion: string;
    uid: string;
    creationTimestamp: string;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** RFC 3339 with whole seconds, as the API server writes timestamps. */
function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, 'Z');
}

/** RFC 3339 seconds, from the given metadata's creationTimestamp (string or Date) or now. */
function timestamp(metadata: object | undefined): string {
  const given = (metadata as { creationTimestamp?: unknown } | undefined)?.creationTimestamp;
  if (typeof given === 'string' && given !== '') return given;
  return rfc3339(given instanceof Date ? given : new Date());
}

/** Result of a conditional write. */
export type WriteResult =
  | { readonly outcome: 'ok'; readonly object: StoredObject }
  | { readonly outcome: 'exists' | 'missing' | 'conflict' };

/**
 * Result of an update: `ok` (with `removed` when the update cleared the last finalizer of an object being deleted,
 * so the object is gone), `missing`, `conflict` (stale resourceVersion), or `finalizers_forbidden` (an object being
 * deleted cannot gain finalizers; `added` names them).
 */
export type UpdateResult =
  | { readonly outcome: 'ok'; readonly object: StoredObject; readonly removed: boolean }
  | { readonly outcome: 'missing' | 'conflict' }
  | { readonly outcome: 'finalizers_forbidden'; readonly added: readonly string[] };

/**
 * Result of a DELETE request: `removed` (no finalizers: gone at once), `deleting` (finalizers pending: marked with a
 * deletionTimestamp and kept), or `missing`.
 */
export type DeletionResult =
  | { readonly outcome: 'removed' | 'deleting'; readonly object: StoredObject }
  | { readonly outcome: 'missing' };

/** How a write treats the server-owned deletion fields. */
type DeletionFields = 'as-given' | 'from-previous' | 'none';

/** In-memory objects keyed by group, plural, namespace and name, with a global resourceVersion counter. */
export class ObjectStore {
  private readonly objects = new Map<string, StoredObject>();
  private revision = 0;

  /** The resourceVersion of the last write. */
  get resourceVersion(): string {
    return String(this.revision);
  }

  /** A copy of the stored object, or undefined. */
  get(resource: RegisteredResource, namespace: string | undefined, name: string): StoredObject | undefined {
    const stored = this.objects.get(this.key(resource, namespace, name));
    return stored === undefined ? undefined : structuredClone(stored);
  }

  /** Copies of every object of the resource, in one namespace or all. */
  list(resource: RegisteredResource, namespace: string | undefined): StoredObject[] {
    const prefix = `${resource.group}/${resource.plural}/`;
    return [...this.objects.entries()]
      .filter(([key, o]) => key.startsWith(prefix) && (namespace === undefined || o.metadata.namespace === namespace))
      .map(([, o]) => structuredClone(o));
  }

  /**
   * Creates or replaces unconditionally, keeping the given metadata as is (deletionTimestamp included, so a test can
   * seed an object that is being deleted).
   */
  put(resource: RegisteredResource, namespace: string | undefined, object: KubernetesObjectLike): StoredObject {
    const name = object.metadata?.name;
    if (name === undefined || name === '') throw new Error('object metadata.name is required');
    const previous = this.objects.get(this.key(resource, namespace, name));
    return this.write(resource, namespace, name, object, previous, 'as-given');
  }

  /** Creates; `exists` when an object of that name is already stored. */
  create(
    resource: RegisteredResource,
    namespace: string | undefined,
    name: string,
    object: KubernetesObjectLike,
  ): WriteResult {
    if (this.objects.has(this.key(resource, namespace, name))) return { outcome: 'exists' };
    return { outcome: 'ok', object: this.write(resource, namespace, name, object, undefined, 'none') };
  }

  /**
   * Updates like the API server: `missing` when absent, `conflict` when the given resourceVersion is stale (an empty
   * one updates unconditionally). The deletion fields stay as stored whatever the client sent. An object being deleted
   * cannot gain finalizers, and is removed once an update leaves it without any.
   */
  update(
    resource: RegisteredResource,
    namespace: string | undefined,
    name: string,
    object: KubernetesObjectLike,
  ): UpdateResult {
    const key = this.key(resource, namespace, name);
    const previous = this.objects.get(key);
    if (previous === undefined) return { outcome: 'missing' };
    const expected = object.metadata?.resourceVersion;
    if (expected !== undefined && expected !== '' && expected !== previous.metadata.resourceVersion) {
      return { outcome: 'conflict' };
    }
    const finalizers = object.metadata?.finalizers ?? [];
    const deleting = previous.metadata.deletionTimestamp !== undefined;
    if (deleting) {
      const had = new Set(previous.metadata.finalizers ?? []);
      const added = [...new Set(finalizers.filter((finalizer) => !had.has(finalizer)))];
      if (added.length > 0) return { outcome: 'finalizers_forbidden', added };
    }
    const written = this.write(resource, namespace, name, object, previous, 'from-previous');
    const removed = deleting && finalizers.length === 0;
    if (removed) this.objects.delete(key);
    return { outcome: 'ok', object: written, removed };
  }

  /**
   * A DELETE request: an object without finalizers is removed at once; one with finalizers is marked with a
   * deletionTimestamp (and `deletionGracePeriodSeconds: 0`) the first time and kept until its finalizers are gone.
   */
  requestDeletion(
    resource: RegisteredResource,
    namespace: string | undefined,
    name: string,
    now: Date = new Date(),
  ): DeletionResult {
    const key = this.key(resource, namespace, name);
    const previous = this.objects.get(key);
    if (previous === undefined) return { outcome: 'missing' };
    if ((previous.metadata.finalizers ?? []).length === 0) {
      this.objects.delete(key);
      return { outcome: 'removed', object: structuredClone(previous) };
    }
    if (previous.metadata.deletionTimestamp !== undefined) {
      return { outcome: 'deleting', object: structuredClone(previous) };
    }
    const marked = structuredClone(previous);
    marked.metadata.deletionTimestamp = rfc3339(now);
    marked.metadata.deletionGracePeriodSeconds = 0;
    return { outcome: 'deleting', object: this.write(resource, namespace, name, marked, previous, 'as-given') };
  }

  /** Deletes and returns the removed object. */
  delete(resource: RegisteredResource, namespace: string | undefined, name: string): StoredObject | undefined {
    const key = this.key(resource, namespace, name);
    const previous = this.objects.get(key);
    this.objects.delete(key);
    return previous;
  }

  private write(
    resource: RegisteredResource,
    namespace: string | undefined,
    name: string,
    object: KubernetesObjectLike,
    previous: StoredObject | undefined,
    deletion: DeletionFields,
  ): StoredObject {
    this.revision += 1;
    const copy = structuredClone(object);
    const metadata: StoredObject['metadata'] = {
      ...copy.metadata,
      name,
      resourceVersion: String(this.revision),
      uid: previous?.metadata.uid ?? copy.metadata?.uid ?? randomUUID(),
      creationTimestamp: previous?.metadata.creationTimestamp ?? timestamp(copy.metadata),
    };
    if (deletion !== 'as-given') {
      delete metadata.deletionTimestamp;
      delete metadata.deletionGracePeriodSeconds;
      const kept = deletion === 'from-previous' ? previous?.metadata : undefined;
      if (kept?.deletionTimestamp !== undefined) metadata.deletionTimestamp = kept.deletionTimestamp;
      if (kept?.deletionGracePeriodSeconds !== undefined) {
        metadata.deletionGracePeriodSeconds = kept.deletionGracePeriodSeconds;
      }
    }
    if (resource.namespaced) metadata.namespace = namespace;
    else delete metadata.namespace;
    const stored: StoredObject = {
      ...copy,
      apiVersion: groupVersionOf(resource.group, resource.version),
      kind: resource.kind,
      metadata,
    };
    this.objects.set(this.key(resource, namespace, name), stored);
    return structuredClone(stored);
  }

  private key(resource: RegisteredResource, namespace: string | undefined, name: string): string {
    return `${resource.group}/${resource.plural}/${resource.namespaced ? (namespace ?? '') : ''}/${name}`;
  }
}
