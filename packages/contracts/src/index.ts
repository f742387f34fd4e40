export * from './problem';
export * from './system';
export * from './me';
export * from './audit';
