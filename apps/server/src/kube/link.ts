import type { Logger } from 'pino';
import type { KubeConnection } from './connect';
import { createKubeHttp, type KubeHttp } from './kube.http';

export interface KubeSession {
  connection: KubeConnection;
  http: KubeHttp;
}

/**
 * The platform's link to a cluster, which may appear after start: with none at start it retries
 * `connect` periodically, and tells its listeners (outbox worker, status syncer) once it has one.
 */
export interface KubeLink {
  current(): KubeSession | null;
  /** Called once a cluster is connected (immediately if it already is). */
  onConnect(listener: (session: KubeSession) => void): void;
  start(): void;
  stop(): Promise<void>;
}

export function createKubeLink(deps: {
  initial: KubeConnection | null;
  connect: () => Promise<{ connection: KubeConnection | null; reason: string }>;
  logger: Logger;
  retryMs?: number;
}): KubeLink {
  const retryMs = deps.retryMs ?? 5000;
  let session: KubeSession | null = null;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let attempt: Promise<void> | null = null;
  const listeners: Array<(s: KubeSession) => void> = [];

  const adopt = async (connection: KubeConnection) => {
    session = { connection, http: createKubeHttp(connection.kubeConfig) };
    for (const l of listeners) l(session);
  };

  const retry = async () => {
    if (stopped || session) return;
    try {
      const { connection, reason } = await deps.connect();
      if (stopped) return;
      if (connection) {
        deps.logger.info({ source: connection.source, server: connection.server }, 'connected to Kubernetes');
        await adopt(connection);
        return;
      }
      deps.logger.debug({ reason }, 'still no Kubernetes cluster; deployments wait in the outbox');
    } catch (err) {
      deps.logger.warn({ err }, 'connecting to Kubernetes failed; retrying');
    }
    if (!stopped) timer = setTimeout(() => (attempt = retry()), retryMs);
  };

  return {
    current: () => session,
    onConnect(listener) {
      listeners.push(listener);
      if (session) listener(session);
    },
    start() {
      attempt = deps.initial ? adopt(deps.initial) : retry();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await attempt;
      await session?.http.close();
    },
  };
}
