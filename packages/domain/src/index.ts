export * from './errors';
export * from './roles';
export * from './permissions';
export * from './authorize';
export * from './quantity';
export * from './tiers';
export * from './naming';
export * from './secrets';
