import type { Logger } from 'pino';
import type { Config } from '@k8s-scheduler/config';
import type { Db } from '../db/database';
import { createOutboxWorker, type OutboxWorker } from '../outbox/worker';
import { connectKubernetes, type KubeConnection } from './connect';
import { createKubeLink, type KubeLink } from './link';
import { createStatusSyncer } from './status-sync';

export interface KubeRuntime {
  link: KubeLink;
  outbox: OutboxWorker;
  close(): Promise<void>;
}

/**
 * The durable path to Kubernetes: the cluster link (retrying while there is none), the outbox
 * worker that applies Tenant/UserDeployment objects, and the status syncer that brings status back.
 */
export function startKubeRuntime(ctx: {
  config: Config;
  db: Db;
  logger: Logger;
  kube: KubeConnection | null;
}): KubeRuntime {
  const logger = ctx.logger.child({ component: 'kube' });
  const off = ctx.config.kubernetes.mode === 'off';
  const link = createKubeLink({
    initial: ctx.kube,
    // With Kubernetes switched off there is nothing to look for; entries wait in the outbox.
    connect: off
      ? async () => ({ connection: null, reason: 'KUBERNETES=off' })
      : () => connectKubernetes(ctx.config),
    logger,
    retryMs: off ? 3_600_000 : 3000,
  });
  const outbox = createOutboxWorker({
    db: ctx.db,
    link,
    logger,
    installCrds: ctx.config.kubernetes.installCrds,
  });
  const syncer = createStatusSyncer({ db: ctx.db, link, logger });
  outbox.start();
  syncer.start();
  link.start();
  return {
    link,
    outbox,
    async close() {
      // The syncer first: closing the link's client waits for its requests, the open watch included.
      await syncer.stop();
      await link.stop();
      await outbox.stop();
    },
  };
}
