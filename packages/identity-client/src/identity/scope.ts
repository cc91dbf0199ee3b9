/**
 * Ownership scope of resources (Go `identity/pkg/ids` interfaces.go): readers that report the typed organization
 * (and project) owning a resource, and the ownership-equality checks built on them. These are referential-integrity
 * checks, not RBAC: callers conventionally answer `false` with a 404 so existence is not leaked.
 */

import { OrganizationLabel, ProjectLabel } from '@unikorn-cloud/core-client';
import { type OrganizationID, type ProjectID, parseOrganizationID, parseProjectID, parseWithDetail } from './ids';

/** Go `OrganizationScopeReader`: reports the organization owning a resource, or throws. */
export interface OrganizationScopeReader {
  /** The owning organization. */
  organizationID(): OrganizationID;
}

/** Go `ProjectScopeReader`: reports the organization and project owning a resource, or throws. */
export interface ProjectScopeReader extends OrganizationScopeReader {
  /** The owning organization and project. */
  organizationAndProjectID(): readonly [OrganizationID, ProjectID];
}

/** Whether `value` implements {@link ProjectScopeReader} (Go's type assertion). */
export function isProjectScopeReader(value: unknown): value is ProjectScopeReader {
  const candidate = value as Partial<ProjectScopeReader> | null | undefined;
  return typeof candidate?.organizationAndProjectID === 'function' && typeof candidate?.organizationID === 'function';
}

/** The part of a Kubernetes object {@link labelScopeReader} reads. */
export interface LabelledResource {
  /** Object metadata; only `labels` is read. */
  readonly metadata?: { readonly labels?: Readonly<Record<string, string>> | null } | null;
}

/**
 * A {@link ProjectScopeReader} over a resource's `unikorn-cloud.org/organization` and `unikorn-cloud.org/project`
 * labels, as Go's region CRDs implement it: a missing or invalid label throws the uuid error wrapped as
 * `<uuid error>: invalid organization ID in resource labels` (or `… project ID …`), e.g.
 * `invalid UUID length: 0: invalid organization ID in resource labels` for a missing label.
 */
export function labelScopeReader(resource: LabelledResource): ProjectScopeReader {
  const label = (key: string) => resource.metadata?.labels?.[key] ?? '';
  const organizationID = (): OrganizationID =>
    parseWithDetail(() => parseOrganizationID(label(OrganizationLabel)), 'invalid organization ID in resource labels');
  return {
    organizationID,
    organizationAndProjectID: () => {
      const organization = organizationID();
      const project = parseWithDetail(
        () => parseProjectID(label(ProjectLabel)),
        'invalid project ID in resource labels',
      );
      return [organization, project] as const;
    },
  };
}

/**
 * Go `SameProject(a, b)`: true when both are owned by the same organization and project.
 * @throws whatever either reader throws (`a` is read first).
 */
export function sameProject(a: ProjectScopeReader, b: ProjectScopeReader): boolean {
  const [aOrganization, aProject] = a.organizationAndProjectID();
  const [bOrganization, bProject] = b.organizationAndProjectID();
  return aOrganization === bOrganization && aProject === bProject;
}

/**
 * Go `OwnedByOrganization(scope, organizationID)`: true when `scope` is owned by that organization.
 * @throws whatever the reader throws.
 */
export function ownedByOrganization(scope: OrganizationScopeReader, organizationID: OrganizationID): boolean {
  return scope.organizationID() === organizationID;
}

/**
 * Go `OwnedByProject(scope, organizationID, projectID)`: true when `scope` is owned by that organization and project.
 * @throws whatever the reader throws.
 */
export function ownedByProject(
  scope: ProjectScopeReader,
  organizationID: OrganizationID,
  projectID: ProjectID,
): boolean {
  const [organization, project] = scope.organizationAndProjectID();
  return organization === organizationID && project === projectID;
}
