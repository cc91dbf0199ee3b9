export * from './allocations';
export * from './api';
export * from './client';
export * from './identityHttpRequest';
export * from './ids';
export { organizationAndProjectID, principalIDs } from './projectScope';
export * from './references';
export * from './scope';
