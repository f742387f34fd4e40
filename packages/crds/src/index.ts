export * from './constants';
export * from './common.schema';
export * from './tenant.schema';
export * from './userdeployment.schema';
export * from './conditions';
export * from './structural';
export * from './manifests';
