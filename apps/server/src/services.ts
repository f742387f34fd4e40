import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Logger } from 'pino';
import type { Config } from '@k8s-scheduler/config';
import type { Database } from './db/database';
import type { KubeConnection } from './kube/connect';
import { startKubeRuntime } from './kube/runtime';
import type { KubeLink } from './kube/link';
import type { OutboxWorker } from './outbox/worker';
import { createPgListener, type PgListener } from './db/notify';
import { createDeploymentEventHub, type DeploymentEventHub } from './modules/deployments/deployments.events';
import { createJobRunner, type JobRunner } from './jobs/jobs.runner';

/**
 * Long-lived services shared by feature modules (secret store, outbox worker, mailer, ...), built
 * once per platform from configuration. Each has a `close` so shutdown is orderly.
 */
import type { SecretSource } from '@k8s-scheduler/secrets';
import { createSecretSource } from './modules/secrets/secret.source';
import { createSecretStore } from './modules/secrets/secret.stores';
import { createTrackedStore, type TrackedSecretStore } from './modules/secrets/secret.tracked';
import { startSecretsCollector } from './modules/secrets/secrets.gc';

export interface PlatformServices {
  /** The secret store (SECRET_STORE); writes keep the `secrets` metadata and revision in step. */
  secrets: TrackedSecretStore;
  /** Reads merged secret values for the operator's delivery (set by the secrets module). */
  secretSource?: SecretSource;
  /** Applies queued Tenant/UserDeployment writes to the cluster (picks up a cluster that appears later). */
  outbox?: OutboxWorker;
  /** The cluster link: `current()`, and `onConnect` for whatever needs a cluster that may appear after start. */
  kubeLink?: KubeLink;
  /** LISTEN on database channels (one dedicated connection; resyncs subscribers after a reconnect). */
  notifications: PgListener;
  /** Live deployment changes fanned out to the open event streams of each team (across replicas). */
  deploymentEvents: DeploymentEventHub;
  /**
   * Leader-elected background jobs: each registered job runs on one replica at a time (a lease row
   * in the database). Started here; jobs may register later. No production job is registered yet:
   * the secrets collector (modules/secrets/secrets.gc.ts) is the first candidate to move here.
   */
  jobs: JobRunner;
  /** Closes every service, in reverse order of creation. */
  close(): Promise<void>;
}

export async function createPlatformServices(ctx: {
  config: Config;
  database: Database;
  logger: Logger;
  kube: KubeConnection | null;
}): Promise<PlatformServices> {
  const closers: Array<() => Promise<void>> = [];
  const secrets = createTrackedStore(
    ctx.database.db,
    await createSecretStore({ config: ctx.config, db: ctx.database.db, logger: ctx.logger }),
  );
  closers.push(() => secrets.close());
  const collector = startSecretsCollector({ db: ctx.database.db, store: secrets, logger: ctx.logger });
  closers.push(() => collector.close());
  const notifications = createPgListener({
    database: ctx.database,
    url: ctx.config.database.kind === 'postgres' ? ctx.config.database.url : null,
    logger: ctx.logger,
  });
  closers.push(() => notifications.close());
  const deploymentEvents = createDeploymentEventHub({
    db: ctx.database.db,
    listener: notifications,
    logger: ctx.logger,
  });
  await deploymentEvents.start();
  closers.push(() => deploymentEvents.close());
  const kubeRuntime = startKubeRuntime({
    config: ctx.config,
    db: ctx.database.db,
    logger: ctx.logger,
    kube: ctx.kube,
  });
  closers.push(() => kubeRuntime.close());
  // Last created, first closed: running jobs finish before the services they use go away.
  const jobs = createJobRunner({
    db: ctx.database.db,
    logger: ctx.logger.child({ component: 'jobs' }),
    identity: `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
  });
  jobs.start();
  closers.push(() => jobs.stop());
  return {
    secrets,
    outbox: kubeRuntime.outbox,
    kubeLink: kubeRuntime.link,
    notifications,
    deploymentEvents,
    jobs,
    secretSource: createSecretSource(ctx.database.db, secrets.backing),
    async close() {
      for (const c of closers.reverse()) await c();
    },
  };
}
