import { randomUUID } from 'node:crypto';

/** Seed data for {@link IdentityStore.addOrganization}. */
export interface OrganizationSeed {
  /** Default a random UUID. */
  readonly id?: string;
  /** Default `organization`. */
  readonly name?: string;
}

/** Seed data for {@link IdentityStore.addProject}. */
export interface ProjectSeed {
  readonly organizationId: string;
  /** Default a random UUID. */
  readonly id?: string;
  /** Default `project`. */
  readonly name?: string;
  /** References (finalizers) the project starts with. */
  readonly references?: readonly string[];
}

/** One quantity of an allocation (`resourceAllocation`). */
export interface AllocationQuantity {
  readonly kind: string;
  readonly committed: number;
  readonly reserved: number;
}

/** What an allocation write carries (`allocationWrite`). */
export interface AllocationWrite {
  readonly metadata: { readonly name: string; readonly description?: string };
  readonly spec: { readonly kind: string; readonly id: string; readonly allocations: readonly AllocationQuantity[] };
}

/** A stored project. */
export interface ProjectRecord {
  readonly id: string;
  readonly organizationId: string;
  readonly name: string;
  readonly creationTime: number;
  /** Reference strings in the order added (stored verbatim, like the project's finalizers). */
  readonly references: string[];
  /** Set once deletion started; the project goes when its last reference is removed. */
  deletionTime: number | undefined;
}

/** A stored allocation. */
export interface AllocationRecord {
  readonly id: string;
  readonly organizationId: string;
  readonly projectId: string;
  /** `metadata.name` of the write (the Go client always sends `undefined`). */
  name: string;
  /** `spec.kind`: `<plural>.<group>` of the charged resource (stored as label `unikorn-cloud.org/resource-kind`). */
  kind: string;
  /** `spec.id`: the charged resource's name (label `unikorn-cloud.org/resource-id`). */
  resourceId: string;
  allocations: readonly AllocationQuantity[];
  readonly creationTime: number;
  readonly createdBy: string | undefined;
  modifiedTime: number | undefined;
  modifiedBy: string | undefined;
}

/** Outcome of a change: done, or why not (missing organization/project/allocation, project being deleted, quota). */
export type IdentityChange<T = undefined> =
  | { readonly outcome: 'done'; readonly value: T }
  | { readonly outcome: 'not_found' | 'deleting' }
  | { readonly outcome: 'over_quota'; readonly description: string };

const done = <T>(value: T): IdentityChange<T> => ({ outcome: 'done', value });
const notFound = { outcome: 'not_found' } as const;

/**
 * In-memory organizations, projects (with references as finalizers) and quota allocations, with identity's semantics
 * (identity `pkg/handler`): idempotent reference add/remove, no add while the project is being deleted, a deleted
 * project stays until its last reference is removed, allocations checked against per-organization quotas.
 */
export class IdentityStore {
  private readonly organizations = new Map<string, { readonly id: string; readonly name: string }>();
  private readonly projects = new Map<string, ProjectRecord>();
  private readonly allocations = new Map<string, AllocationRecord>();
  private readonly quotas = new Map<string, Map<string, number>>();

  constructor(private readonly clock: () => number) {}

  /** Adds an organization and returns its id. */
  addOrganization(seed: OrganizationSeed = {}): string {
    const id = seed.id ?? randomUUID();
    this.organizations.set(id, { id, name: seed.name ?? 'organization' });
    return id;
  }

  /** Adds a project (its organization is created when missing) and returns its id. */
  addProject(seed: ProjectSeed): string {
    if (!this.organizations.has(seed.organizationId)) this.addOrganization({ id: seed.organizationId });
    const id = seed.id ?? randomUUID();
    if (this.projects.has(id)) throw new Error(`project ${id} already exists`);
    this.projects.set(id, {
      id,
      organizationId: seed.organizationId,
      name: seed.name ?? 'project',
      creationTime: this.clock(),
      references: [...(seed.references ?? [])],
      deletionTime: undefined,
    });
    return id;
  }

  /** The project, when the organization exists and owns it. */
  project(organizationId: string, projectId: string): ProjectRecord | undefined {
    if (!this.organizations.has(organizationId)) return undefined;
    const project = this.projects.get(projectId);
    return project?.organizationId === organizationId ? project : undefined;
  }

  /** The organization's projects. */
  listProjects(organizationId: string): ProjectRecord[] {
    return [...this.projects.values()].filter((project) => project.organizationId === organizationId);
  }

  /** Adds a reference; nothing changes when it is already there. */
  addReference(organizationId: string, projectId: string, reference: string): IdentityChange {
    const project = this.project(organizationId, projectId);
    if (project === undefined) return notFound;
    if (project.deletionTime !== undefined) return { outcome: 'deleting' };
    if (!project.references.includes(reference)) project.references.push(reference);
    return done(undefined);
  }

  /** Removes a reference; nothing changes when it is absent. A project being deleted goes with its last reference. */
  removeReference(organizationId: string, projectId: string, reference: string): IdentityChange {
    const project = this.project(organizationId, projectId);
    if (project === undefined) return notFound;
    const index = project.references.indexOf(reference);
    if (index >= 0) project.references.splice(index, 1);
    this.collect(project);
    return done(undefined);
  }

  /** Starts deleting a project: it goes at once when unreferenced, otherwise when its last reference is removed. */
  deleteProject(organizationId: string, projectId: string): IdentityChange {
    const project = this.project(organizationId, projectId);
    if (project === undefined) return notFound;
    project.deletionTime ??= this.clock();
    this.collect(project);
    return done(undefined);
  }

  /** Sets (or with undefined clears) the organization's quota for a kind of resource. */
  setQuota(organizationId: string, kind: string, capacity: number | undefined): void {
    let quotas = this.quotas.get(organizationId);
    if (quotas === undefined) {
      quotas = new Map();
      this.quotas.set(organizationId, quotas);
    }
    if (capacity === undefined) quotas.delete(kind);
    else quotas.set(kind, capacity);
  }

  /** Creates an allocation under a new ID (charged to the project), after the quota check. */
  createAllocation(
    organizationId: string,
    projectId: string,
    write: AllocationWrite,
    actor: string | undefined,
  ): IdentityChange<AllocationRecord> {
    if (this.project(organizationId, projectId) === undefined) return notFound;
    const quota = this.checkQuota(organizationId, write.spec.allocations, undefined);
    if (quota !== undefined) return quota;
    const record: AllocationRecord = {
      id: randomUUID(),
      organizationId,
      projectId,
      name: write.metadata.name,
      kind: write.spec.kind,
      resourceId: write.spec.id,
      allocations: [...write.spec.allocations],
      creationTime: this.clock(),
      createdBy: actor,
      modifiedTime: undefined,
      modifiedBy: undefined,
    };
    this.allocations.set(record.id, record);
    return done(record);
  }

  /** The allocation, when organization, project and allocation exist and belong together. */
  allocation(organizationId: string, projectId: string, allocationId: string): AllocationRecord | undefined {
    if (this.project(organizationId, projectId) === undefined) return undefined;
    const record = this.allocations.get(allocationId);
    return record?.organizationId === organizationId && record.projectId === projectId ? record : undefined;
  }

  /** Every allocation of a project, in creation order. */
  listAllocations(organizationId: string, projectId: string): AllocationRecord[] {
    return [...this.allocations.values()].filter(
      (record) => record.organizationId === organizationId && record.projectId === projectId,
    );
  }

  /** Replaces an allocation's quantities, after the quota check (the allocation's own old quantities excluded). */
  updateAllocation(
    organizationId: string,
    projectId: string,
    allocationId: string,
    write: AllocationWrite,
    actor: string | undefined,
  ): IdentityChange<AllocationRecord> {
    const record = this.allocation(organizationId, projectId, allocationId);
    if (record === undefined) return notFound;
    const quota = this.checkQuota(organizationId, write.spec.allocations, allocationId);
    if (quota !== undefined) return quota;
    record.name = write.metadata.name;
    record.kind = write.spec.kind;
    record.resourceId = write.spec.id;
    record.allocations = [...write.spec.allocations];
    record.modifiedTime = this.clock();
    record.modifiedBy = actor;
    return done(record);
  }

  /** Deletes an allocation. */
  deleteAllocation(organizationId: string, projectId: string, allocationId: string): IdentityChange {
    if (this.allocation(organizationId, projectId, allocationId) === undefined) return notFound;
    this.allocations.delete(allocationId);
    return done(undefined);
  }

  private collect(project: ProjectRecord): void {
    if (project.deletionTime !== undefined && project.references.length === 0) this.projects.delete(project.id);
  }

  private checkQuota(
    organizationId: string,
    requested: readonly AllocationQuantity[],
    excluded: string | undefined,
  ): IdentityChange<never> | undefined {
    const quotas = this.quotas.get(organizationId);
    if (quotas === undefined) return undefined;
    for (const [kind, capacity] of quotas) {
      let total = 0;
      for (const record of this.allocations.values()) {
        if (record.organizationId !== organizationId || record.id === excluded) continue;
        for (const quantity of record.allocations)
          if (quantity.kind === kind) total += quantity.committed + quantity.reserved;
      }
      for (const quantity of requested) if (quantity.kind === kind) total += quantity.committed + quantity.reserved;
      if (total > capacity) {
        return {
          outcome: 'over_quota',
          description: `total ${kind} allocation of ${total} would exceed quota limit of ${capacity}`,
        };
      }
    }
    return undefined;
  }
}
