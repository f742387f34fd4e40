import type { Logger } from 'pino';
import type { Config } from '@k8s-scheduler/config';
import {
  createPlatform,
  type KubeConnection,
  type Platform,
  type PlatformServices,
} from '@k8s-scheduler/server';
import { operatorOptions } from './operator.entry';

/**
 * The platform of `start` and `server`. `start` embeds the operator in the same process (single
 * replica, no Lease needed), started whenever the server's cluster link connects — at start, or
 * later when a cluster appears — and stopped before the platform closes.
 */
export async function createEmbeddedPlatform(
  config: Config,
  logger: Logger,
  opts: { webDist?: string | null } = {},
): Promise<Platform> {
  const platform = await createPlatform(config, logger, opts);
  if (config.mode !== 'start') return platform;
  let operatorStop: (() => Promise<void>) | null = null;
  platform.services.kubeLink?.onConnect((session) => {
    if (operatorStop) return;
    operatorStop = startEmbeddedOperator(session.connection, config, logger, platform.services);
  });
  const close = platform.close.bind(platform);
  return Object.assign(platform, {
    async close() {
      await operatorStop?.();
      await close();
    },
  });
}

/** Runs the operator in this process; returns its stop function. Its start is tracked, not awaited:
 * it waits for its informers to sync (e.g. until the CRDs exist) and must not hold up the server. */
function startEmbeddedOperator(
  kube: KubeConnection,
  config: Config,
  logger: Logger,
  services: PlatformServices,
): () => Promise<void> {
  const operatorModule = import('@k8s-scheduler/operator');
  const running = operatorModule.then(async ({ createOperator }) => {
    const operator = createOperator({
      kubeConfig: kube.kubeConfig,
      logger,
      config: { ...operatorOptions(config), leaderElection: false },
      ...(services.secretSource ? { secretSource: services.secretSource } : {}),
    });
    const starting = operator.start().then(
      () => logger.info('operator running in-process'),
      (err: unknown) => logger.error({ err }, 'embedded operator failed to start'),
    );
    return { operator, starting };
  });
  return async () => {
    const { operator, starting } = await running;
    await operator.stop();
    await starting;
  };
}
