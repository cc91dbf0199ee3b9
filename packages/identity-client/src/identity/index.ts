export * from './api';
export * from './client';
export * from './identityHttpRequest';
export * from './ids';
export * from './scope';
