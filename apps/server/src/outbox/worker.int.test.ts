import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSuiteDatabase } from '../../test/database';
import type { Database } from '../db/database';
import { createLogger } from '@k8s-scheduler/config';
import { KubeApiError, type KubeAuth, type KubeClient } from '@k8s-scheduler/kube';
import type { KubeHttp, KubeObjectRef } from '../kube/kube.http';
import type { KubeLink, KubeSession } from '../kube/link';
import { enqueue, pendingEntries } from './outbox.repo';
import { createOutboxWorker } from './worker';

/** A cluster stand-in at the process boundary: records applies/deletes, fails while `down`. */
function fakeCluster() {
  const log: string[] = [];
  let down = true;
  let failures = 0;
  const guard = () => {
    if (down) {
      failures++;
      throw new KubeApiError('127.0.0.1:1 unreachable: connect ECONNREFUSED', 0, undefined);
    }
  };
  const http: KubeHttp = {
    async apply<T extends KubeObjectRef>(obj: T) {
      guard();
      if (obj.kind !== 'Namespace')
        log.push(`apply ${obj.metadata.name} ${String((obj.spec as { v?: number } | undefined)?.v)}`);
      return obj;
    },
    async delete(ref) {
      guard();
      log.push(`delete ${ref.metadata.name}`);
      return true;
    },
    client: {} as KubeClient,
    async close() {},
  };
  const session: KubeSession = {
    connection: { kubeConfig: {} as KubeAuth, file: '', source: 'fake', server: 'fake' },
    http,
  };
  const link: KubeLink = {
    current: () => session,
    onConnect: (l) => l(session),
    start() {},
    async stop() {},
  };
  return {
    link,
    log,
    get failures() {
      return failures;
    },
    up() {
      down = false;
    },
  };
}

const ud = (name: string, v: number) => ({
  apiVersion: 'k8s-scheduler.io/v1alpha1',
  kind: 'UserDeployment',
  metadata: { name, namespace: 'ns' },
  spec: { v },
});

for (const kind of ['pglite', 'postgres'] as const)
  describe(`outbox worker (${kind})`, () => {
    let database: Database;
    beforeAll(async () => {
      database = await openSuiteDatabase(kind, 'w');
    });
    afterAll(async () => {
      await database?.close();
    });

    it('retries with backoff while the cluster is down, then applies every entry once, in order per object', async () => {
      const cluster = fakeCluster();
      const db = database.db;
      await db.transaction(async (tx) => {
        await enqueue(tx, 'apply', ud('a', 1));
        await enqueue(tx, 'apply', ud('b', 1));
        await enqueue(tx, 'apply', ud('a', 2));
        await enqueue(tx, 'delete', ud('b', 0));
        await enqueue(tx, 'apply', ud('a', 3));
      });
      const worker = createOutboxWorker({
        db,
        link: cluster.link,
        logger: createLogger('silent'),
        installCrds: false,
        pollMs: 20,
        backoffBaseMs: 20,
        backoffMaxMs: 100,
      });
      worker.start();
      try {
        await new Promise((r) => setTimeout(r, 400));
        expect(cluster.failures).toBeGreaterThan(2);
        const waiting = await pendingEntries(db);
        expect(waiting).toHaveLength(5);
        // Only the head of each object was tried; later entries waited behind it.
        expect(
          waiting
            .filter((e) => e.attempts > 0)
            .map((e) => e.objectKey)
            .sort(),
        ).toEqual(['UserDeployment/ns/a', 'UserDeployment/ns/b']);
        expect(waiting.find((e) => e.attempts > 0)?.lastError).toMatch(/unreachable/);
        cluster.up();
        worker.notify();
        await worker.drain(10_000);
      } finally {
        await worker.stop();
      }
      expect(cluster.log.filter((l) => l.includes(' a '))).toEqual(['apply a 1', 'apply a 2', 'apply a 3']);
      expect(cluster.log.filter((l) => l.includes(' b'))).toEqual(['apply b 1', 'delete b']);
    });
  });
