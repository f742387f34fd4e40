import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { databaseConnectError, type Config } from '@k8s-scheduler/config';
import { assetPaths } from './assets';
import { openDatabase, type Database } from './db/database';
import { buildApp, type App } from './http/app';
import { startMetricsServer } from './http/metrics.server';
import { connectKubernetes, kubeReadiness, type KubeConnection } from './kube/connect';
import { createSessionStore } from './modules/auth/session.backends';
import { createClientResolver } from './modules/clients/clients.resolve';
import { createApiKeyResolver } from './modules/apikeys/apikeys.service';
import { withSessionCache } from './modules/auth/session.cached';
import { startAuthzCache, type AuthzRuntime } from './modules/authz-cache/authz.invalidation';
import { createPlatformServices, type PlatformServices } from './services';

export interface Platform {
  app: App;
  database: Database;
  kube: KubeConnection | null;
  services: PlatformServices;
  /** The authorization cache; `sync()` waits until changes made so far have reached it. */
  authz: AuthzRuntime;
  config: Config;
  /** The platform's Prometheus registry (served by the metrics listener, not the API). */
  registry: Registry;
  /**
   * Listens on HOST:PORT (API + UI) and, unless METRICS_PORT=0, serves /metrics on
   * METRICS_HOST:METRICS_PORT; `close()` closes both.
   */
  listen(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Wires the platform from configuration: database (+ migrations), sessions, Kubernetes, HTTP app.
 * Everything is created here and passed down explicitly; nothing is a global singleton. The server
 * never starts the operator: `k8s-scheduler start` (apps/cli) embeds it next to this platform,
 * through `services.kubeLink` and `services.secretSource`.
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
    // Reach the database before anything else: an unreachable one is one line naming where and why.
    try {
      await database.ping();
    } catch (err) {
      if (config.database.kind === 'postgres') throw databaseConnectError(config.database.url, err);
      throw err;
    }
    if (config.migrateOnStart) await database.migrate();

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
            await kubeReadiness(session.http.client)();
          },
        },
      ],
      webDist: opts.webDist === undefined ? builtWebDist() : opts.webDist,
    });
    closers.unshift(() => app.close());

    return {
      app,
      database,
      kube,
      services,
      authz,
      config,
      registry,
      async listen() {
        await app.listen({ host: config.host, port: config.port });
        if (!config.metrics) return;
        const metrics = await startMetricsServer({ registry, ...config.metrics });
        closers.unshift(() => metrics.close());
        logger.info(
          { url: `http://${config.metrics.host}:${metrics.port}/metrics` },
          'Prometheus metrics are served on their own listener',
        );
      },
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

/** The SPA of this checkout or release, when it has been built. */
function builtWebDist(): string | null {
  const { webDist } = assetPaths();
  return existsSync(path.join(webDist, 'index.html')) ? webDist : null;
}
