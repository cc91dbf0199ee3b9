import { goTime } from '../common/goTime';
import type { AllocationRecord, ProjectRecord } from './identityStore';

/** The `projectRead` JSON of a stored project. */
export function projectView(record: ProjectRecord): Record<string, unknown> {
  return {
    metadata: {
      id: record.id,
      name: record.name,
      creationTime: goTime(record.creationTime),
      deletionTime: record.deletionTime === undefined ? undefined : goTime(record.deletionTime),
      provisioningStatus: record.deletionTime === undefined ? 'provisioned' : 'deprovisioning',
      healthStatus: 'healthy',
      organizationId: record.organizationId,
    },
    spec: { groupIDs: [] },
  };
}

/** The `allocationRead` JSON of a stored allocation (`spec.kind` / `spec.id` echoed from the resource labels). */
export function allocationView(record: AllocationRecord): Record<string, unknown> {
  return {
    metadata: {
      id: record.id,
      name: record.name,
      creationTime: goTime(record.creationTime),
      createdBy: record.createdBy,
      modifiedTime: record.modifiedTime === undefined ? undefined : goTime(record.modifiedTime),
      modifiedBy: record.modifiedBy,
      provisioningStatus: 'provisioned',
      healthStatus: 'healthy',
      organizationId: record.organizationId,
      projectId: record.projectId,
    },
    spec: {
      allocations: record.allocations.map(({ committed, kind, reserved }) => ({ committed, kind, reserved })),
      id: record.resourceId,
      kind: record.kind,
    },
  };
}
