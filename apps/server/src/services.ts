import type { Logger } from 'pino';
import type { Config } from './config/config';
import type { Database } from './db/database';
import type { KubeConnection } from './kube/connect';

/**
 * Long-lived services shared by feature modules (secret store, outbox worker, mailer, ...), built
 * once per platform from configuration. Each has a `close` so shutdown is orderly.
 */
import type { SecretSource } from '@k8s-scheduler/operator';

export interface PlatformServices {
  /** Reads merged secret values for the operator's delivery (set by the secrets module). */
  secretSource?: SecretSource;
  /** Closes every service, in reverse order of creation. */
  close(): Promise<void>;
}

export async function createPlatformServices(_ctx: {
  config: Config;
  database: Database;
  logger: Logger;
  kube: KubeConnection | null;
}): Promise<PlatformServices> {
  const closers: Array<() => Promise<void>> = [];
  return {
    async close() {
      for (const c of closers.reverse()) await c();
    },
  };
}
