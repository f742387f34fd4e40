/**
 * @k8s-scheduler/server — what the CLI (apps/cli) needs to run the HTTP API: the platform factory
 * and the database, for `start`, `server` and `migrate`. The server never imports the operator.
 */
export { createPlatform, type Platform } from './platform';
export { assetPaths, useReleaseAssets, type AssetPaths } from './assets';
export { startMetricsServer, type MetricsServer } from './http/metrics.server';
export { openDatabase, type Database } from './db/database';
export type { PlatformServices } from './services';
export type { KubeConnection } from './kube/connect';
export { setPlatformAdminByEmail, type PlatformAdminChange } from './modules/users/platform-admins';
