import { goTime } from '../common/goTime';
import type { NetworkRecord } from './networkStore';

/** The `networkV2Read` JSON of a stored network (field order as the Go structs declare them). */
export function networkView(record: NetworkRecord): Record<string, unknown> {
  return {
    metadata: {
      id: record.id,
      name: record.name,
      description: record.description,
      tags: record.tags,
      creationTime: goTime(record.creationTime),
      createdBy: record.createdBy,
      modifiedTime: record.modifiedTime === undefined ? undefined : goTime(record.modifiedTime),
      modifiedBy: record.modifiedBy,
      deletionTime: record.deletion === undefined ? undefined : goTime(record.deletion.time),
      provisioningStatus: record.deletion === undefined ? 'provisioned' : 'deprovisioning',
      healthStatus: 'healthy',
      organizationId: record.organizationId,
      projectId: record.projectId,
    },
    spec: {
      dnsNameservers: record.dnsNameservers,
      routes: record.routes,
    },
    status: {
      regionId: record.regionId,
      prefix: record.prefix,
    },
  };
}
