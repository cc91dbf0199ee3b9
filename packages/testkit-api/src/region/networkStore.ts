import { randomUUID } from 'node:crypto';

/** A `name=value` resource tag. */
export interface RegionTag {
  readonly name: string;
  readonly value: string;
}

/** A route of a network spec. */
export interface RegionRoute {
  readonly prefix: string;
  readonly nexthop: string;
}

/** Seed data for {@link NetworkStore.add} (and `RegionAPIServer.addNetwork`). */
export interface NetworkSeed {
  readonly organizationId: string;
  readonly projectId: string;
  readonly regionId: string;
  readonly name: string;
  /** Default a random UUID. */
  readonly id?: string;
  readonly description?: string;
  readonly tags?: readonly RegionTag[];
  /** Default `192.168.0.0/24`. */
  readonly prefix?: string;
  /** Default `['8.8.8.8']`. */
  readonly dnsNameservers?: readonly string[];
  readonly routes?: readonly RegionRoute[];
  /** References (finalizers) the network starts with. */
  readonly references?: readonly string[];
  readonly createdBy?: string;
}

/** A stored network. */
export interface NetworkRecord {
  readonly id: string;
  name: string;
  description: string | undefined;
  tags: readonly RegionTag[] | undefined;
  readonly organizationId: string;
  readonly projectId: string;
  readonly regionId: string;
  readonly prefix: string;
  dnsNameservers: readonly string[];
  routes: readonly RegionRoute[] | undefined;
  readonly creationTime: number;
  readonly createdBy: string | undefined;
  modifiedTime: number | undefined;
  modifiedBy: string | undefined;
  /** Reference strings in the order they were added (stored verbatim, like finalizers). */
  readonly references: string[];
  /** Set once deletion started; `removeAt` undefined keeps the network until {@link NetworkStore.remove}. */
  deletion: { readonly time: number; readonly removeAt: number | undefined } | undefined;
}

/** Outcome of a reference or delete request against the store. */
export type NetworkChange = 'not_found' | 'deleting' | 'in_use' | 'done';

/**
 * In-memory v2 networks with region reference semantics: idempotent add/remove, no add while the
 * network is being deleted, no delete while referenced. A network deleted through the API disappears `deleteDelayMs`
 * after the request (checked lazily against the clock).
 */
export class NetworkStore {
  private readonly networks = new Map<string, NetworkRecord>();

  constructor(
    private readonly clock: () => number,
    private readonly deleteDelayMs: number,
  ) {}

  /** Adds a network and returns its id. */
  add(seed: NetworkSeed): string {
    const id = seed.id ?? randomUUID();
    if (this.networks.has(id)) throw new Error(`network ${id} already exists`);
    this.networks.set(id, {
      id,
      name: seed.name,
      description: seed.description,
      tags: seed.tags,
      organizationId: seed.organizationId,
      projectId: seed.projectId,
      regionId: seed.regionId,
      prefix: seed.prefix ?? '192.168.0.0/24',
      dnsNameservers: seed.dnsNameservers ?? ['8.8.8.8'],
      routes: seed.routes,
      creationTime: this.clock(),
      createdBy: seed.createdBy,
      modifiedTime: undefined,
      modifiedBy: undefined,
      references: [...new Set(seed.references ?? [])],
      deletion: undefined,
    });
    return id;
  }

  /** The network, unless absent or already gone. */
  get(id: string): NetworkRecord | undefined {
    this.purge();
    return this.networks.get(id);
  }

  /** All networks, sorted by name. */
  list(): NetworkRecord[] {
    this.purge();
    return [...this.networks.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Records an update by `actor`. */
  touch(record: NetworkRecord, actor: string | undefined): void {
    record.modifiedTime = this.clock();
    record.modifiedBy = actor;
  }

  /** API delete: 403 when referenced, otherwise starts deletion (idempotent). */
  delete(id: string): NetworkChange {
    const record = this.get(id);
    if (record === undefined) return 'not_found';
    if (record.references.length > 0) return 'in_use';
    if (record.deletion === undefined) {
      const time = this.clock();
      record.deletion = { time, removeAt: time + this.deleteDelayMs };
    }
    this.purge();
    return 'done';
  }

  /** Adds a reference unless present; refused while the network is being deleted. */
  addReference(id: string, reference: string): NetworkChange {
    const record = this.get(id);
    if (record === undefined) return 'not_found';
    if (record.deletion !== undefined) return 'deleting';
    if (!record.references.includes(reference)) record.references.push(reference);
    return 'done';
  }

  /** Removes a reference if present. */
  removeReference(id: string, reference: string): NetworkChange {
    const record = this.get(id);
    if (record === undefined) return 'not_found';
    const index = record.references.indexOf(reference);
    if (index >= 0) record.references.splice(index, 1);
    return 'done';
  }

  /** Marks a network as being deleted and keeps it (until {@link remove}), whatever its references. */
  markDeleting(id: string): void {
    const record = this.require(id);
    record.deletion = { time: this.clock(), removeAt: undefined };
  }

  /** Removes a network at once. */
  remove(id: string): void {
    this.networks.delete(id);
  }

  /** The network or an error naming the id. */
  require(id: string): NetworkRecord {
    const record = this.get(id);
    if (record === undefined) throw new Error(`no network ${id}`);
    return record;
  }

  private purge(): void {
    const now = this.clock();
    for (const [id, record] of this.networks) {
      const removeAt = record.deletion?.removeAt;
      if (removeAt !== undefined && removeAt <= now) this.networks.delete(id);
    }
  }
}
