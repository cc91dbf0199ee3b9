export type { FakeWorkloadAPIOptions } from './fakeWorkloadAPI';
export { DEFAULT_WORKLOAD_SPIFFE_ID, FakeWorkloadAPI } from './fakeWorkloadAPI';
export type { SVIDIssueOptions, WorkloadSVID } from './svid';
export { issueSVID } from './svid';
export { WORKLOAD_API_DESCRIPTOR, WORKLOAD_API_HEADER, WORKLOAD_API_SERVICE } from './workloadDescriptor';
