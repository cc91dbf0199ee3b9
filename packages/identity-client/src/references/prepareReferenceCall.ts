/**
 * The common first steps of the reference helpers (identity's project references, region's network references): the
 * Kubernetes client from the call or the context, a controller client for the resource, and the resource's reference
 * path-escaped once (the generated client escapes it again, so `/` is `%252F` on the wire, exactly like Go).
 */

import {
  escapePathSegment,
  generateResourceReference,
  knownResourceReference,
  resolveKubernetesClient,
} from '@unikorn-cloud/core-client';
import { currentIdentityContext } from '../context';
import type { KubeConfig } from '../kubeConfig';

/** A Kubernetes object as core-client's `generateResourceReference` takes it (`apiVersion`, `kind`, `metadata.name`). */
export type KubernetesResource = Parameters<typeof generateResourceReference>[1];

/** What a reference call sends with. */
export interface ReferenceCall<T> {
  /** The Kubernetes client used (REST mapping of the reference). */
  readonly kube: KubeConfig;
  /** The controller client built for the resource. */
  readonly api: T;
  /** `<plural>.<group>/<name>`, path-escaped once. */
  readonly reference: string;
}

/**
 * In Go's order: the Kubernetes client (`kube`, else the identity context's, else core's context; none is
 * `context invalid`), then the controller client (its Secret and TLS errors pass through), then the reference.
 */
export async function prepareReferenceCall<T>(
  kube: KubeConfig | undefined,
  resource: KubernetesResource,
  controllerClient: (kube: KubeConfig) => Promise<T>,
): Promise<ReferenceCall<T>> {
  const resolved = referenceKube(kube);
  const api = await controllerClient(resolved);
  const reference = escapePathSegment(await generateResourceReference(resolved, resource));
  return { kube: resolved, api, reference };
}

/**
 * {@link prepareReferenceCall} without waiting, for a warm helper: the call at once when `controllerClientNow` has the
 * controller client ready and the cached discovery already knows the resource's kind, else `undefined` (then the
 * caller takes {@link prepareReferenceCall}, which redoes these steps and waits where needed). Errors are Go's, in
 * Go's order, thrown synchronously.
 */
export function prepareReferenceCallNow<T>(
  kube: KubeConfig | undefined,
  resource: KubernetesResource,
  controllerClientNow: (kube: KubeConfig) => T | undefined,
): ReferenceCall<T> | undefined {
  const resolved = referenceKube(kube);
  const api = controllerClientNow(resolved);
  if (api === undefined) return undefined;
  const known = knownResourceReference(resolved, resource);
  return known === undefined ? undefined : { kube: resolved, api, reference: escapePathSegment(known) };
}

// `kube`, else the identity context's, else core's context (none: `context invalid`), as in Go.
function referenceKube(kube: KubeConfig | undefined): KubeConfig {
  return resolveKubernetesClient(kube ?? currentIdentityContext().kube);
}
