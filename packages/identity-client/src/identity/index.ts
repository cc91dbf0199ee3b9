export * from './ids';
export * from './scope';
