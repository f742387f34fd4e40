export * from './org.policy';
export * from './team.policy';
export * from './deployment.policy';
export * from './template.policy';
export * from './secret.policy';
export * from './client.policy';
export * from './apikey.policy';
