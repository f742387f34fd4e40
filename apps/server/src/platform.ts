import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Config } from './config/config';
import { openDatabase, type Database } from './db/database';
import { buildApp, type App } from './http/app';
import { connectKubernetes, kubeReadiness, type KubeConnection } from './kube/connect';
import { createSessionStore } from './modules/auth/session.backends';
import { createClientResolver } from './modules/clients/clients.resolve';
import { createApiKeyResolver } from './modules/apikeys/apikeys.service';
import { withSessionCache } from './modules/auth/session.cached';
import { startAuthzCache, type AuthzRuntime } from './modules/authz-cache/authz.invalidation';
import { createPlatformServices, type PlatformServices } from './services';
import { operatorOptions } from './operator.entry';

export const defaultWebDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export interface Platform {
  app: App;
  database: Database;
  kube: KubeConnection | null;
  services: PlatformServices;
  /** The authorization cache; `sync()` waits until changes made so far have reached it. */
  authz: AuthzRuntime;
  config: Config;
  close(): Promise<void>;
}

/**
 * Wires the platform from configuration: database (+ migrations), sessions, Kubernetes, HTTP app.
 * Everything is created here and passed down explicitly; nothing is a global singleton.
 */
export async function createPlatform(
  config: Config,
  logger: Logger,
  opts: { webDist?: string | null } = {},
): Promise<Platform> {
  const database = await openDatabase(
    config.database.kind === 'pglite' ? config.database : { kind: 'postgres', url: config.database.url },
    (err) => logger.warn({ err }, 'idle database connection lost; the pool replaces it'),
  );
  const closers: Array<() => Promise<unknown>> = [() => database.close()];
  try {
    if (config.migrateOnStart) await database.migrate();
    await database.ping();

    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const sessionStore = await createSessionStore(config, database.db, (err) =>
      logger.warn({ err }, 'session sweep failed; retried at the next interval'),
    );
    closers.unshift(() => sessionStore.close());

    const { connection: kube, reason } = await connectKubernetes(config);
    if (kube) logger.info({ source: kube.source, server: kube.server }, 'connected to Kubernetes');
    else
      logger.warn(
        { reason },
        'running without a Kubernetes cluster: deployments stay Pending until one is connected',
      );

    const services = await createPlatformServices({ config, database, logger, kube });
    closers.unshift(() => services.close());
    const authz = await startAuthzCache({ database, listener: services.notifications, logger });
    closers.unshift(() => authz.close());

    const app = await buildApp({
      kube,
      services,
      config,
      database,
      logger,
      registry,
      sessionStore: withSessionCache(sessionStore, authz.cache),
      authz,
      clients: createClientResolver(database.db),
      resolveApiKey: createApiKeyResolver(database.db, authz.cache),
      kubernetesConnected: () => (services.kubeLink?.current() ?? null) !== null,
      readinessChecks: [
        { name: 'secrets', check: () => services.secrets.ping() },
        {
          name: 'kubernetes',
          // Without a cluster the platform still serves (writes wait in the outbox) unless one is required.
          optional: config.kubernetes.mode !== 'required',
          check: async () => {
            const session = services.kubeLink?.current();
            if (!session) throw new Error('no cluster connected');
            await kubeReadiness(session.connection)();
          },
        },
      ],
      webDist:
        opts.webDist === undefined ? (existsSync(defaultWebDist) ? defaultWebDist : null) : opts.webDist,
    });
    closers.unshift(() => app.close());

    // `start` embeds the operator in the same process (single replica, no Lease needed), started
    // whenever a cluster is connected — at start, or later when one appears.
    if (config.mode === 'start') {
      let operatorStop: (() => Promise<void>) | null = null;
      services.kubeLink?.onConnect((session) => {
        if (operatorStop) return;
        operatorStop = startEmbeddedOperator(session.connection, config, logger, services);
      });
      closers.unshift(async () => {
        await operatorStop?.();
      });
    }
    return {
      app,
      database,
      kube,
      services,
      authz,
      config,
      async close() {
        for (const c of closers) await c();
      },
    };
  } catch (err) {
    for (const c of closers)
      await c().catch((closeErr: unknown) => logger.error({ err: closeErr }, 'close failed'));
    throw err;
  }
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
