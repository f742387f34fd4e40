import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createDatabase } from '../../../../test/setup/services';
import { openDatabase, type Database, type Db } from '../db/database';
import { createJobRunner, type JobRunner, type JobRunnerOptions } from './jobs.runner';
import { jobLeases } from './jobs.schema';

const LEASE_MS = 600;
const RENEW_MS = 100;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, timeoutMs = 5000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not reached in time');
    await sleep(10);
  }
}

/** A logger whose entries the test can read. */
function captureLogger() {
  const entries: Array<{ level: number; msg: string; job?: string; err?: { message: string } }> = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => entries.push(JSON.parse(line)) });
  return { logger, entries };
}

/** A database handle that fails every call once `kill()`ed: from the database's side, a crashed
 * replica (no more renewals, no release). */
function killable(db: Db) {
  let dead = false;
  const proxy = new Proxy(db, {
    get(target, prop, receiver) {
      if (dead) throw new Error('replica crashed');
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  return { db: proxy, kill: () => (dead = true) };
}

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`job runner (${kind})`, () => {
    // Two replicas: on PostgreSQL each has its own pool; PGlite is one process, so they share it.
    let first: Database;
    let second: Database;
    const runners: JobRunner[] = [];

    beforeAll(async () => {
      if (kind === 'postgres') {
        const url = await createDatabase(inject('postgresUrl'), `t_${randomUUID().replace(/-/g, '')}`);
        first = await openDatabase({ kind: 'postgres', url });
        second = await openDatabase({ kind: 'postgres', url });
      } else {
        first = await openDatabase({ kind: 'pglite', dir: 'memory://' });
        second = first;
      }
      await first.migrate();
    });
    afterAll(async () => {
      await Promise.all(runners.map((r) => r.stop()));
      await first?.close();
      if (second !== first) await second?.close();
    });

    const runner = (replica: 'a' | 'b', over: Partial<JobRunnerOptions> = {}) => {
      const r = createJobRunner({
        db: (replica === 'a' ? first : second).db,
        logger: pino({ level: 'silent' }),
        identity: `replica-${replica}-${randomUUID().slice(0, 8)}`,
        leaseMs: LEASE_MS,
        renewMs: RENEW_MS,
        ...over,
      });
      runners.push(r);
      return r;
    };

    it('runs a job on exactly one of two replicas, never twice at once', async () => {
      const name = `sampler-${randomUUID()}`;
      const runs = { a: 0, b: 0 };
      let active = 0;
      let maxActive = 0;
      const job = (replica: 'a' | 'b') => ({
        name,
        intervalMs: 50,
        run: async () => {
          runs[replica]++;
          maxActive = Math.max(maxActive, ++active);
          await sleep(20);
          active--;
        },
      });
      const a = runner('a');
      const b = runner('b');
      a.register(job('a'));
      b.register(job('b'));
      a.start();
      b.start();
      await sleep(1200);
      expect(runs.a + runs.b).toBeGreaterThanOrEqual(5);
      expect(Math.min(runs.a, runs.b)).toBe(0);
      expect([a.holds(name), b.holds(name)].filter(Boolean)).toHaveLength(1);
      expect(maxActive).toBe(1);
      await Promise.all([a.stop(), b.stop()]);
    });

    it('hands the job to the other replica when the holder stops, and keeps the interval', async () => {
      const name = `reconciler-${randomUUID()}`;
      const startedBy: string[] = [];
      const job = (replica: string) => ({
        name,
        intervalMs: 60_000,
        run: async () => void startedBy.push(replica),
      });
      const a = runner('a');
      a.register(job('a'));
      a.start();
      await until(() => startedBy.length === 1);
      const b = runner('b');
      b.register(job('b'));
      b.start();
      await sleep(3 * RENEW_MS);
      expect(b.holds(name)).toBe(false);

      await a.stop();
      expect(a.holds(name)).toBe(false);
      await until(() => b.holds(name), LEASE_MS);
      // The run a started a moment ago counts for b too: not due again for a minute.
      await sleep(3 * RENEW_MS);
      expect(startedBy).toEqual(['a']);
      await b.stop();
    });

    it('takes over from a crashed holder within the lease, and the holder aborts its own run', async () => {
      const name = `purge-${randomUUID()}`;
      const crashing = killable(first.db);
      const a = runner('a', { db: crashing.db });
      let aborted: unknown = null;
      a.register({
        name,
        intervalMs: 50,
        run: (signal) =>
          new Promise<void>((resolve) =>
            signal.addEventListener('abort', () => {
              aborted = signal.reason;
              resolve();
            }),
          ),
      });
      a.start();
      await until(() => a.status()[0]!.running);

      let bRuns = 0;
      const b = runner('b');
      b.register({ name, intervalMs: 50, run: async () => void bRuns++ });
      b.start();
      await sleep(2 * RENEW_MS);
      expect(bRuns).toBe(0);

      crashing.kill();
      const crashedAt = Date.now();
      await until(() => b.holds(name), LEASE_MS + 4 * RENEW_MS);
      const tookOverAfter = Date.now() - crashedAt;
      expect(tookOverAfter).toBeGreaterThanOrEqual(LEASE_MS - 2 * RENEW_MS);
      // The crashed holder gave up (and signalled its job) before the other replica could start.
      expect(aborted).toBeInstanceOf(Error);
      expect(a.holds(name)).toBe(false);
      await until(() => bRuns > 0);
      await a.stop(); // cannot release (its database is gone): logged, and resolves
      await b.stop();
    });

    it('logs a failing job and runs it again at the next interval', async () => {
      const name = `flaky-${randomUUID()}`;
      const { logger, entries } = captureLogger();
      const a = runner('a', { logger });
      let calls = 0;
      a.register({
        name,
        intervalMs: 50,
        run: async () => {
          calls++;
          throw new Error(`boom ${calls}`);
        },
      });
      a.start();
      await until(() => calls >= 3);
      await a.stop();
      const failures = entries.filter((e) => e.level === 50 && e.job === name);
      expect(failures.length).toBeGreaterThanOrEqual(2);
      expect(failures[0]!.err?.message).toBe('boom 1');
      expect(a.status()[0]!.lastError).toMatch(/^boom \d+$/);
    });

    it('stop() waits for the running job, then releases the lease', async () => {
      const name = `slow-${randomUUID()}`;
      const a = runner('a');
      let started = false;
      let finished = false;
      let signalled = false;
      a.register({
        name,
        intervalMs: 60_000,
        run: async (signal) => {
          started = true;
          await sleep(400); // ignores the signal on purpose
          signalled = signal.aborted;
          finished = true;
        },
      });
      a.start();
      await until(() => started);
      await a.stop();
      expect(finished).toBe(true);
      expect(signalled).toBe(true);
      const [row] = await first.db.select().from(jobLeases).where(eq(jobLeases.name, name));
      expect(row!.holder).toBe(a.identity);
      expect(row!.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 50);
      expect(row!.lastRunAt).not.toBeNull();
    });
  });
}
