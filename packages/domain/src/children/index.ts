export * from './children.types';
export * from './children.hash';
export * from './children.names';
export * from './networkpolicy.children';
export * from './tenant.children';
export * from './deployment.children';
