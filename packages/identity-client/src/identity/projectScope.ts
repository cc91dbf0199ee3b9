/**
 * The organization and project owning a resource, as identity's `References` resolves them (Go
 * `organizationAndProjectID`): a {@link ProjectScopeReader} is asked directly; otherwise the labels are read, both
 * presence checks first, then both parses.
 */

import { ConsistencyError, OrganizationLabel, ProjectLabel } from '@unikorn-cloud/core-client';
import { type OrganizationID, type ProjectID, parseOrganizationID, parseProjectID, parseWithDetail } from './ids';
import { isProjectScopeReader, type LabelledResource } from './scope';

/**
 * @throws whatever a scope reader throws, unchanged; ConsistencyError `resource missing organization ID label` /
 *   `resource missing project ID label`; InvalidUUIDError `<uuid error>: invalid organization ID on resource` /
 *   `… invalid project ID on resource`. The `principal.unikorn-cloud.org/*` labels are not consulted.
 */
export function organizationAndProjectID(resource: LabelledResource): readonly [OrganizationID, ProjectID] {
  if (isProjectScopeReader(resource)) return resource.organizationAndProjectID();
  const labels = resource.metadata?.labels ?? {};
  if (!Object.hasOwn(labels, OrganizationLabel)) throw new ConsistencyError('resource missing organization ID label');
  if (!Object.hasOwn(labels, ProjectLabel)) throw new ConsistencyError('resource missing project ID label');
  const organization = parseWithDetail(
    () => parseOrganizationID(labels[OrganizationLabel]),
    'invalid organization ID on resource',
  );
  const project = parseWithDetail(() => parseProjectID(labels[ProjectLabel]), 'invalid project ID on resource');
  return [organization, project];
}

/** Parses a principal's organization, then project (Go `parsePrincipalIDs`): only the first failure is reported. */
export function principalIDs(principal: {
  readonly organizationId?: string;
  readonly projectId?: string;
}): readonly [OrganizationID, ProjectID] {
  const organization = parseWithDetail(
    () => parseOrganizationID(principal.organizationId ?? ''),
    'invalid organization ID in principal',
  );
  const project = parseWithDetail(() => parseProjectID(principal.projectId ?? ''), 'invalid project ID in principal');
  return [organization, project];
}
