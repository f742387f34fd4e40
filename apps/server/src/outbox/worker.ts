import type { Logger } from 'pino';
import { LABELS, MANAGED_BY, USER_DEPLOYMENT_KIND } from '@k8s-scheduler/crds';
import type { Db } from '../db/database';
import { installCrds } from '../kube/crds.install';
import { KubeApiError } from '@k8s-scheduler/kube';
import type { KubeObjectRef } from '../kube/kube.http';
import type { KubeLink, KubeSession } from '../kube/link';
import { claimDue, markDone, markFailed, pendingEntries, type OutboxEntry } from './outbox.repo';
import { afterApplied, afterDeleted } from './outbox.effects';

export interface OutboxWorkerOptions {
  db: Db;
  link: KubeLink;
  logger: Logger;
  /** Install the CRDs (on connect, and again when the cluster lost them). */
  installCrds: boolean;
  batchSize?: number;
  pollMs?: number;
  leaseMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

export interface OutboxWorker {
  start(): void;
  stop(): Promise<void>;
  /** Wakes the worker now (called after a commit that added entries). */
  notify(): void;
  /** Whether a cluster is connected. */
  connected(): boolean;
  /** Resolves once no entry is pending (tests and benchmarks); rejects after `timeoutMs`. */
  drain(timeoutMs?: number): Promise<void>;
}

/** Exponential backoff with jitter: base·2^(attempts), capped. */
export function backoffMs(attempts: number, baseMs: number, maxMs: number, random = Math.random): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.min(attempts, 20));
  return Math.round(exp / 2 + (random() * exp) / 2);
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The resource type itself is unknown to the API server: its CRD is missing (a fresh or wiped cluster). */
function crdMissing(err: unknown): boolean {
  return err instanceof KubeApiError && err.status === 404 && !/namespaces? .* not found/i.test(err.message);
}

function namespaceMissing(err: unknown): boolean {
  return err instanceof KubeApiError && err.status === 404 && /namespaces? .* not found/i.test(err.message);
}

/**
 * Applies outbox entries to the cluster: server-side apply of Tenant/UserDeployment objects and
 * deletions, oldest first per object, retried with exponential backoff while the cluster is
 * unreachable. An entry is marked done only after the API server accepted it, so none is lost.
 */
export function createOutboxWorker(opts: OutboxWorkerOptions): OutboxWorker {
  const { db, link, logger } = opts;
  const batchSize = opts.batchSize ?? 64;
  const pollMs = opts.pollMs ?? 1000;
  const leaseMs = opts.leaseMs ?? 60_000;
  const baseMs = opts.backoffBaseMs ?? 500;
  const maxMs = opts.backoffMaxMs ?? 30_000;
  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let pendingWake = false;
  let crdsReady = !opts.installCrds;
  let crdFailures = 0;
  const namespaces = new Set<string>();

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (pendingWake) {
        pendingWake = false;
        return resolve();
      }
      const t = setTimeout(() => {
        wake = null;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(t);
        wake = null;
        resolve();
      };
    });

  async function ensureNamespace(session: KubeSession, name: string) {
    if (namespaces.has(name)) return;
    await session.http.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { [LABELS.managedBy]: MANAGED_BY } },
    });
    namespaces.add(name);
  }

  async function perform(session: KubeSession, entry: OutboxEntry) {
    const obj = entry.payload as unknown as KubeObjectRef;
    if (entry.op === 'delete') {
      const existed = await session.http.delete(obj);
      await markDone(db, entry.id);
      await afterDeleted(db, obj, existed);
      return;
    }
    if (obj.kind === USER_DEPLOYMENT_KIND && obj.metadata.namespace)
      await ensureNamespace(session, obj.metadata.namespace);
    try {
      await session.http.apply(obj);
    } catch (err) {
      if (!namespaceMissing(err) || !obj.metadata.namespace) throw err;
      namespaces.delete(obj.metadata.namespace);
      await ensureNamespace(session, obj.metadata.namespace);
      await session.http.apply(obj);
    }
    await markDone(db, entry.id);
    await afterApplied(db, obj);
  }

  async function handle(session: KubeSession, entry: OutboxEntry) {
    try {
      await perform(session, entry);
    } catch (err) {
      if (crdMissing(err) && opts.installCrds) crdsReady = false;
      // A lost connection usually means a restarted cluster: make sure namespaces exist again.
      if (err instanceof KubeApiError && err.status === 0) namespaces.clear();
      const delay = backoffMs(entry.attempts, baseMs, maxMs);
      logger.warn(
        {
          key: entry.objectKey,
          op: entry.op,
          attempts: entry.attempts + 1,
          retryInMs: delay,
          err: describe(err),
        },
        'outbox entry failed; retrying',
      );
      await markFailed(db, entry.id, delay, describe(err));
    }
  }

  async function tick(): Promise<number> {
    const session = link.current();
    if (!session) return 0;
    if (!crdsReady) {
      try {
        await installCrds(session.http);
        crdsReady = true;
        crdFailures = 0;
        namespaces.clear();
        logger.info('CRDs installed and established');
      } catch (err) {
        if (err instanceof KubeApiError && err.status === 403) {
          // Not permitted (no RBAC on CRDs): whoever runs the platform installs them from deploy/crds.
          logger.warn(
            { err: describe(err) },
            'not permitted to install the CRDs; assuming they are installed',
          );
          crdsReady = true;
          return 0;
        }
        crdFailures++;
        logger.warn({ err: describe(err) }, 'installing the CRDs failed; retrying');
        await sleep(backoffMs(crdFailures, baseMs, maxMs));
        return 0;
      }
    }
    const entries = await claimDue(db, batchSize, leaseMs);
    // Distinct object keys: safe to run side by side; each key's order is kept by claimDue.
    await Promise.all(entries.map((e) => handle(session, e)));
    return entries.length;
  }

  async function run() {
    while (running) {
      let n = 0;
      try {
        n = await tick();
      } catch (err) {
        logger.error({ err }, 'outbox worker pass failed; retrying');
      }
      if (running && n === 0) await sleep(pollMs);
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      link.onConnect(() => this.notify());
      loop = run();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
    notify() {
      if (wake) wake();
      else pendingWake = true;
    },
    connected: () => link.current() !== null,
    async drain(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while ((await pendingEntries(db)).length > 0) {
        if (Date.now() > deadline) throw new Error(`outbox not drained within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}
