import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { API_VERSION, USER_DEPLOYMENT_PLURAL, type UserDeploymentStatus } from '@k8s-scheduler/crds';
import type { Db } from '../db/database';
import { deployments } from '../db/schema';
import { GENERATION_ANNOTATION } from '../modules/deployments/deployments.objects';
import { markGone } from '../outbox/outbox.effects';
import { backoffMs } from '../outbox/worker';
import { KubeHttpError } from './kube.http';
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

interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: UdObject & { code?: number };
}

const PATH = `/apis/${API_VERSION}/${USER_DEPLOYMENT_PLURAL}`;

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
  await db
    .update(deployments)
    .set({
      ...next,
      ...(observed ? { observedGeneration: dbGeneration } : {}),
      updatedAt: sql`now()`,
    })
    // Same deployment, same object; a row being deleted keeps "Deleting" until the object is gone.
    .where(
      and(
        eq(deployments.id, id),
        eq(deployments.name, obj.metadata.name),
        eq(deployments.namespace, obj.metadata.namespace),
        isNull(deployments.deletedAt),
        sql`${deployments.phase} <> 'Deleting'`,
        // A status the row already has is no change: no write, no live update to the UI.
        or(
          sql`${deployments.phase} is distinct from ${next.phase}`,
          sql`${deployments.statusMessage} is distinct from ${next.statusMessage}`,
          sql`${deployments.conditions} is distinct from ${JSON.stringify(next.conditions)}::jsonb`,
          sql`${deployments.servicesStatus} is distinct from ${JSON.stringify(next.servicesStatus)}::jsonb`,
          sql`${deployments.urls} is distinct from ${JSON.stringify(next.urls)}::jsonb`,
          observed ? sql`${deployments.observedGeneration} is distinct from ${dbGeneration}` : undefined,
        ),
      ),
    );
}

export interface StatusSyncer {
  start(): void;
  stop(): Promise<void>;
}

/**
 * Watches every UserDeployment (list, then watch from the list's resourceVersion; resumes after a
 * dropped watch, relists on 410 Gone) and mirrors each status into the database.
 */
export function createStatusSyncer(deps: {
  db: Db;
  link: KubeLink;
  logger: Logger;
  backoffBaseMs?: number;
}): StatusSyncer {
  const { db, logger } = deps;
  let running = false;
  let abort: AbortController | null = null;
  let loop: Promise<void> | null = null;

  async function relist(session: KubeSession): Promise<string> {
    const list = await session.http.get<{ items: UdObject[]; metadata: { resourceVersion: string } }>(PATH);
    if (!list) throw new KubeHttpError(404, 'UserDeployment resource not installed yet');
    const present = new Set(list.items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`));
    for (const item of list.items) await syncStatus(db, item);
    // Deleted while we were not watching.
    const deleting = await db
      .select({ name: deployments.name, namespace: deployments.namespace })
      .from(deployments)
      .where(and(eq(deployments.phase, 'Deleting'), isNull(deployments.deletedAt)));
    for (const d of deleting)
      if (!present.has(`${d.namespace}/${d.name}`)) await markGone(db, d.namespace, d.name);
    return list.metadata.resourceVersion;
  }

  async function run(session: KubeSession) {
    let rv: string | null = null;
    let failures = 0;
    let writes: Promise<void> = Promise.resolve();
    while (running) {
      try {
        rv ??= await relist(session);
        abort = new AbortController();
        const current: string = rv;
        await session.http.watch(
          `${PATH}?watch=1&allowWatchBookmarks=true&timeoutSeconds=240&resourceVersion=${encodeURIComponent(current)}`,
          (raw) => {
            const event = raw as WatchEvent;
            if (event.type === 'ERROR') {
              if (event.object.code === 410) rv = null;
              throw new KubeHttpError(event.object.code ?? 500, 'watch error');
            }
            if (event.object.metadata.resourceVersion) rv = event.object.metadata.resourceVersion;
            if (event.type === 'BOOKMARK') return;
            const obj = event.object;
            // Writes are chained so the rows see the events in the order the watch delivered them.
            writes = writes
              .then(() =>
                event.type === 'DELETED'
                  ? markGone(db, obj.metadata.namespace, obj.metadata.name)
                  : syncStatus(db, obj),
              )
              .catch((err: unknown) => logger.error({ err }, 'status sync write failed'));
          },
          abort.signal,
        );
        await writes;
        failures = 0;
      } catch (err) {
        if (!running) return;
        if (err instanceof KubeHttpError && err.status === 410) rv = null;
        failures++;
        const delay = backoffMs(failures, deps.backoffBaseMs ?? 500, 30_000);
        logger.debug(
          { err: err instanceof Error ? err.message : String(err), retryInMs: delay },
          'UserDeployment watch ended; resuming',
        );
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  return {
    start() {
      running = true;
      deps.link.onConnect((session) => {
        loop = run(session);
      });
    },
    async stop() {
      running = false;
      abort?.abort();
      await loop;
    },
  };
}
