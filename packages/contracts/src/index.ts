export * from './problem';
export * from './system';
export * from './me';
export * from './audit';
export * from './templates';
export * from './deployments';
export * from './tenancy';
export * from './secrets';
