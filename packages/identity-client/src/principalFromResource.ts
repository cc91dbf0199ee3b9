/**
 * Rebuilds the principal of a persisted resource from its labels and annotations (identity
 * `principal.FromResource`), for controllers acting on a user's behalf long after the request.
 */

import {
  ConsistencyError,
  CreatorAnnotation,
  CreatorPrincipalAnnotation,
  OrganizationLabel,
  OrganizationPrincipalLabel,
  ProjectLabel,
  ProjectPrincipalLabel,
} from '@unikorn-cloud/core-client';
import type { Principal } from './principal';

/** The part of a Kubernetes object this module reads. Any `KubernetesObject` fits. */
export interface ResourceWithMetadata {
  /** Object metadata; only `labels` and `annotations` are read. */
  metadata?: {
    labels?: Readonly<Record<string, string>> | null;
    annotations?: Readonly<Record<string, string>> | null;
  } | null;
}

// The principal key wins whenever it exists, even with an empty value (Go map lookup with `ok`).
function preferPrincipalKey(
  values: Readonly<Record<string, string>>,
  principalKey: string,
  key: string,
): string | undefined {
  const value = Object.hasOwn(values, principalKey) ? values[principalKey] : values[key];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The principal a resource was created for: `organizationId` from label `principal.unikorn-cloud.org/organization`
 * when that key exists, else `unikorn-cloud.org/organization`; `projectId` likewise from the project labels;
 * `actor` from annotation `principal.unikorn-cloud.org/creator`, else `unikorn-cloud.org/creator`. `type` and
 * `organizationIds` are never set; missing keys just leave the field out.
 * @throws ConsistencyError `consistency error: labels missing from resource` / `… annotations missing from resource`
 *   when the labels or annotations map is absent (an empty map is fine).
 */
export function principalFromResource(resource: ResourceWithMetadata): Principal {
  const labels = resource.metadata?.labels;
  if (labels === undefined || labels === null) {
    throw new ConsistencyError('labels missing from resource');
  }
  const annotations = resource.metadata?.annotations;
  if (annotations === undefined || annotations === null) {
    throw new ConsistencyError('annotations missing from resource');
  }
  const principal: Principal = {};
  const organizationId = preferPrincipalKey(labels, OrganizationPrincipalLabel, OrganizationLabel);
  const projectId = preferPrincipalKey(labels, ProjectPrincipalLabel, ProjectLabel);
  const actor = preferPrincipalKey(annotations, CreatorPrincipalAnnotation, CreatorAnnotation);
  if (organizationId !== undefined) principal.organizationId = organizationId;
  if (projectId !== undefined) principal.projectId = projectId;
  if (actor !== undefined) principal.actor = actor;
  return principal;
}
