/**
 * Quota allocations (Go `identity/pkg/client` allocations.go): a service charges every resource it creates to the
 * project it belongs to, updates the charge when the resource scales and releases it on deletion. The allocation ID
 * is kept on the resource as annotation `unikorn-cloud.org/allocation-id`.
 */

import {
  AllocationAnnotation,
  ConsistencyError,
  generateResourceReference,
  InvalidContextError,
  resolveKubernetesClient,
  TypeConversionError,
} from '@unikorn-cloud/core-client';
import { responseStatusOf } from '../codegen/requestClass';
import { currentIdentityContext, type IdentityContext, principalFromContext, withIdentityContext } from '../context';
import type { allocationWrite, IdentityAPI, resourceAllocation } from '../generated';
import type { KubeConfig } from '../kubeConfig';
import type { Principal } from '../principal';
import { principalFromResource } from '../principalFromResource';
import type { KubernetesResource } from '../references/prepareReferenceCall';
import { type AllocationID, parseAllocationID, parseWithDetail } from './ids';
import { principalIDs } from './projectScope';

/** One quantity to charge: `committed` and `reserved` default to 0 (Go's zero values). */
export interface ResourceAllocation {
  /** The kind of quota, e.g. `networks`, `servers`, `gpus`. */
  readonly kind: string;
  readonly committed?: number;
  readonly reserved?: number;
}

/** A resource that can carry an allocation: a Kubernetes object with mutable annotations. */
export type AllocatedResource = KubernetesResource & {
  metadata?: {
    labels?: Readonly<Record<string, string>> | null;
    annotations?: Record<string, string> | null;
  } | null;
};

/** The part of the generated identity API {@link Allocations} calls (any `IdentityAPI` from `Client`). */
export type AllocationsAPI = {
  readonly allocations: Pick<IdentityAPI['allocations'], 'createAllocation' | 'updateAllocation' | 'deleteAllocation'>;
};

/**
 * The request body, field by field as Go writes it: `metadata.name` always `undefined`, `spec.kind` / `spec.id` the
 * reference's `<plural>.<group>` and name, the allocations in the caller's order with all three quantities.
 */
function allocationBody(reference: string, allocations: readonly ResourceAllocation[]): allocationWrite {
  const slash = reference.indexOf('/');
  // Go structs marshal in declaration order (oapi-codegen sorts fields): committed, kind, reserved; allocations, id, kind.
  const list: resourceAllocation[] = allocations.map((allocation) => ({
    committed: allocation.committed ?? 0,
    kind: allocation.kind,
    reserved: allocation.reserved ?? 0,
  }));
  return {
    metadata: { name: 'undefined' },
    spec: { allocations: list, id: reference.slice(slash + 1), kind: reference.slice(0, slash) },
  };
}

/** Go `getAllocationID` + `ParseAllocationID`. */
function allocationIDOf(resource: AllocatedResource): AllocationID {
  const annotations = resource.metadata?.annotations;
  if (annotations === undefined || annotations === null) throw new ConsistencyError('resource has no annotations');
  if (!Object.hasOwn(annotations, AllocationAnnotation)) {
    throw new ConsistencyError('resource has no allocation annotations');
  }
  return parseWithDetail(
    () => parseAllocationID(annotations[AllocationAnnotation]),
    'invalid allocation ID on resource',
  );
}

/**
 * Creates, updates and deletes the quota allocation of a resource. `api` is any identity client: `apiClient()` in API
 * handlers (the request's principal, unsigned), `controllerClient(resource)` in controllers (signed).
 *
 * ```ts
 * const allocations = new Allocations(kube, await identity.apiClient());
 * await withPrincipal(principal, () => allocations.create(network, [{ kind: 'networks', committed: 1 }]));
 * // network.metadata.annotations['unikorn-cloud.org/allocation-id'] is set: persist the resource
 * await allocations.update(network, [{ kind: 'networks', committed: 2 }]);
 * await allocations.delete(network); // 202 or 404
 * ```
 */
export class Allocations {
  /**
   * @param kube - Kubernetes client for the resource reference (REST mapping); undefined → the one in context.
   * @param api - the identity client requests are sent with.
   */
  constructor(
    private readonly kube: KubeConfig | undefined,
    private readonly api: AllocationsAPI,
  ) {}

  /**
   * Go `Create`: charges `resource` to the organization and project of the context principal (the caller being
   * served; `context` replaces the current identity context for the whole call), `POST …/organizations/{org}/projects/{project}/allocations`, 201 expected; then writes the new
   * allocation ID into the **in-memory** resource as annotation `unikorn-cloud.org/allocation-id` (other annotations
   * kept). The resource is not persisted: the caller saves it.
   *
   * @throws InvalidContextError `context invalid: principal is not defined: unable to get principal`;
   *   InvalidUUIDError `<uuid error>: invalid organization ID in principal` (then `… project ID …`); the reference's
   *   errors; for a status other than 201 core's `propagateError` result; TypeConversionError when a 201 carries no
   *   allocation ID; transport errors unchanged.
   */
  async create(
    resource: AllocatedResource,
    allocations: readonly ResourceAllocation[] = [],
    context?: IdentityContext,
  ): Promise<void> {
    if (context !== undefined) {
      // The request's mutators read the principal from the context too: send inside the given one.
      return withIdentityContext(context, () => this.create(resource, allocations));
    }
    let principal: Principal;
    try {
      principal = principalFromContext();
    } catch (error) {
      if (!(error instanceof InvalidContextError)) throw error;
      throw new InvalidContextError(`${error.detail}: unable to get principal`, { cause: error });
    }
    const [organization, project] = principalIDs(principal);
    const reference = await generateResourceReference(this.kubernetesClient(), resource);
    const created = await this.api.allocations.createAllocation(
      organization,
      project,
      allocationBody(reference, allocations),
    );
    const id = (created as { metadata?: { id?: unknown } } | undefined)?.metadata?.id;
    if (typeof id !== 'string' || id === '') {
      throw new TypeConversionError('allocation response carries no metadata.id');
    }
    const metadata = resource.metadata ?? {};
    resource.metadata = metadata;
    metadata.annotations ??= {};
    metadata.annotations[AllocationAnnotation] = id;
  }

  /**
   * Go `Update`: the organization and project come from the resource (`principalFromResource`: whoever created it,
   * not whoever is updating), the allocation ID from its annotation (canonicalised);
   * `PUT …/allocations/{allocationID}` with the same body as {@link Allocations.create}, 200 expected. The response and
   * the annotation are left alone.
   *
   * @throws ConsistencyError `labels missing from resource` / `annotations missing from resource` /
   *   `resource has no allocation annotations`; InvalidUUIDError for the principal's IDs or
   *   `<uuid error>: invalid allocation ID on resource`; the reference's errors; for a status other than 200 core's
   *   `propagateError` result; transport errors unchanged.
   */
  async update(resource: AllocatedResource, allocations: readonly ResourceAllocation[] = []): Promise<void> {
    const [organization, project] = principalIDs(principalFromResource(resource));
    const reference = await generateResourceReference(this.kubernetesClient(), resource);
    const allocation = allocationIDOf(resource);
    await this.api.allocations.updateAllocation(
      organization,
      project,
      allocation,
      allocationBody(reference, allocations),
    );
  }

  /**
   * Go `Delete`: IDs as in {@link Allocations.update} (no reference, so no REST mapping); `DELETE
   * …/allocations/{allocationID}`, no body; 202 is success and so is 404 (already gone). The annotation is kept.
   *
   * @throws As {@link Allocations.update}, for a status other than 202 and 404.
   */
  async delete(resource: AllocatedResource): Promise<void> {
    const [organization, project] = principalIDs(principalFromResource(resource));
    const allocation = allocationIDOf(resource);
    try {
      await this.api.allocations.deleteAllocation(organization, project, allocation);
    } catch (error) {
      if (responseStatusOf(error) !== 404) throw error;
    }
  }

  private kubernetesClient(): KubeConfig {
    return resolveKubernetesClient(this.kube ?? currentIdentityContext().kube);
  }
}
