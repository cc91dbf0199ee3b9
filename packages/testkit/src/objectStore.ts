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

/** RFC 3339 seconds, from the given metadata's creationTimestamp (string or Date) or now. */
function timestamp(metadata: object | undefined): string {
  const given = (metadata as { creationTimestamp?: unknown } | undefined)?.creationTimestamp;
  if (typeof given === 'string' && given !== '') return given;
  const date = given instanceof Date ? given : new Date();
  return date.toISOString().replace(/\.\d+Z$/, 'Z');
}

/** Result of a conditional write. */
export type WriteResult =
  | { readonly outcome: 'ok'; readonly object: StoredObject }
  | { readonly outcome: 'exists' | 'missing' | 'conflict' };

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

  /** Creates or replaces unconditionally. */
  put(resource: RegisteredResource, namespace: string | undefined, object: KubernetesObjectLike): StoredObject {
    const name = object.metadata?.name;
    if (name === undefined || name === '') throw new Error('object metadata.name is required');
    return this.write(resource, namespace, name, object, this.objects.get(this.key(resource, namespace, name)));
  }

  /** Creates; `exists` when an object of that name is already stored. */
  create(
    resource: RegisteredResource,
    namespace: string | undefined,
    name: string,
    object: KubernetesObjectLike,
  ): WriteResult {
    if (this.objects.has(this.key(resource, namespace, name))) return { outcome: 'exists' };
    return { outcome: 'ok', object: this.write(resource, namespace, name, object, undefined) };
  }

  /** Replaces; `missing` when absent, `conflict` when the given resourceVersion is stale. */
  replace(
    resource: RegisteredResource,
    namespace: string | undefined,
    name: string,
    object: KubernetesObjectLike,
  ): WriteResult {
    const previous = this.objects.get(this.key(resource, namespace, name));
    if (previous === undefined) return { outcome: 'missing' };
    const expected = object.metadata?.resourceVersion;
    if (expected !== undefined && expected !== '' && expected !== previous.metadata.resourceVersion) {
      return { outcome: 'conflict' };
    }
    return { outcome: 'ok', object: this.write(resource, namespace, name, object, previous) };
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
