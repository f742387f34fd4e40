import type { Logger } from 'pino';
import { API_VERSION, type UserDeploymentStatus } from '@k8s-scheduler/crds';
import { runListWatch, type KubeObject } from '@k8s-scheduler/kube';
import type { Db } from '../db/database';
import { listDeleting, mirrorStatus } from '../modules/deployments/deployments.repo';
import { GENERATION_ANNOTATION } from '../modules/deployments/deployments.objects';
import { markGone } from '../outbox/outbox.effects';
import type { KubeLink, KubeSession } from './link';

interface UdObject {
  metadata: {
    name: string;
    namespace: string;
    generation?: number;
    annotations?: Record<string, string>;
    resourceVersion?: string;
  };
  spec?: { deploymentId?: string };
  status?: UserDeploymentStatus;
}

const USER_DEPLOYMENT = { apiVersion: API_VERSION, kind: 'UserDeployment' } as const;

/** Copies an object's status onto its deployment row (phase, conditions, services, URLs, message, observedGeneration). */
export async function syncStatus(db: Db, obj: UdObject): Promise<void> {
  const id = obj.spec?.deploymentId;
  const status = obj.status;
  if (!id || !status?.phase) return;
  const dbGeneration = Number(obj.metadata.annotations?.[GENERATION_ANNOTATION]);
  // The operator has seen this spec only when its observedGeneration matches the object's generation.
  const observed =
    status.observedGeneration !== undefined &&
    status.observedGeneration === obj.metadata.generation &&
    Number.isInteger(dbGeneration);
  const next = {
    phase: status.phase,
    statusMessage: status.message ?? null,
    conditions: status.conditions ?? [],
    servicesStatus: status.services ?? [],
    urls: status.urls ?? [],
  };
  await mirrorStatus(
    db,
    { id, name: obj.metadata.name, namespace: obj.metadata.namespace },
    next,
    observed ? dbGeneration : null,
  );
}

export interface StatusSyncer {
  start(): void;
  stop(): Promise<void>;
}

/**
 * Watches every UserDeployment through the list/watch loop of @k8s-scheduler/kube (list, then watch
 * from the list's resourceVersion; resumes after a dropped watch, relists on 410 Gone, backs off on
 * failures) and mirrors each status into the database.
 */
export function createStatusSyncer(deps: {
  db: Db;
  link: KubeLink;
  logger: Logger;
  backoffBaseMs?: number;
}): StatusSyncer {
  const { db, logger } = deps;
  const stopping = new AbortController();
  let loop: Promise<void> | null = null;

  /** A (re)list: every object's status, and rows whose object went while we were not watching. */
  async function relisted(items: KubeObject[]): Promise<void> {
    const objects = items as unknown as UdObject[];
    const present = new Set(objects.map((o) => `${o.metadata.namespace}/${o.metadata.name}`));
    for (const item of objects) await syncStatus(db, item);
    const deleting = await listDeleting(db);
    for (const d of deleting)
      if (!present.has(`${d.namespace}/${d.name}`)) await markGone(db, d.namespace, d.name);
  }

  function run(session: KubeSession): Promise<void> {
    const client = session.http.client;
    let writes: Promise<void> = Promise.resolve();
    return runListWatch(
      {
        source: {
          list: () => client.list(USER_DEPLOYMENT),
          watch: (resourceVersion, onEvent, signal) =>
            client.watch(USER_DEPLOYMENT, { resourceVersion, timeoutSeconds: 240 }, onEvent, signal),
        },
        onList: (items) => relisted(items),
        onEvent: (event) => {
          if (event.type === 'BOOKMARK') return;
          const obj = event.object as unknown as UdObject;
          // Writes are chained so the rows see the events in the order the watch delivered them.
          writes = writes
            .then(() =>
              event.type === 'DELETED'
                ? markGone(db, obj.metadata.namespace, obj.metadata.name)
                : syncStatus(db, obj),
            )
            .catch((err: unknown) => logger.error({ err }, 'status sync write failed'));
        },
        afterWatch: () => writes,
        backoffBaseMs: deps.backoffBaseMs ?? 500,
        backoffMaxMs: 30_000,
        onError: (err) =>
          logger.debug(
            { err: err instanceof Error ? err.message : String(err) },
            'UserDeployment watch ended; resuming',
          ),
      },
      stopping.signal,
    );
  }

  return {
    start() {
      deps.link.onConnect((session) => {
        loop = run(session);
      });
    },
    async stop() {
      stopping.abort();
      await loop;
    },
  };
}
