import { performance } from 'node:perf_hooks';
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../db/database';
import { jobLeases } from './jobs.schema';

/**
 * Leader-elected background jobs: several server replicas may run; each named job (a sampler, a
 * reconciler, a retention purge) runs on exactly one of them at a time, every `intervalMs`.
 *
 * Leadership is a lease row per job in the database (`job_leases`: holder + expiry), not a
 * Kubernetes Lease (the server may run without a cluster) and not a PostgreSQL advisory lock:
 * - an advisory lock belongs to a session, so it must live on a dedicated connection outside the
 *   pool (a pooled connection goes back to the pool holding it, or the lock leaks to whatever query
 *   borrows it next), and it does not survive PgBouncer's transaction mode;
 * - on PGlite every caller in the process shares one session, where advisory locks are re-entrant:
 *   two runners would both "hold" the lock;
 * - a crashed holder behind a half-open TCP connection keeps its lock until keepalive notices,
 *   which may take many minutes, while the holder itself cannot tell it still holds anything.
 * A lease is one short autocommit statement on any pooled connection, works the same on PostgreSQL
 * and PGlite, and bounds a crashed holder's reign to `leaseMs`: the holder renews every `renewMs`;
 * after expiry any replica takes the lease over (an `INSERT … ON CONFLICT DO UPDATE … WHERE` that
 * only one contender can win). Expiry uses the database's clock, so replicas' clocks may differ.
 * The holder also stops believing in its lease `leaseMs` after it *sent* its last successful renewal
 * (a local, monotonic clock), which is never later than the database's expiry: when renewals fail
 * it aborts the running job's signal before another replica can take over.
 *
 * A lease is not a fence: a holder paused longer than the lease (GC, a frozen VM) may still be
 * finishing a run while the next holder starts one. Jobs must therefore be idempotent and should
 * stop when their `AbortSignal` fires (lease lost, or the runner stopping).
 *
 * `last_run_at` is kept in the row, so a new holder keeps the job's interval instead of running it
 * again at once. A job's error is logged and the job runs again at its next interval.
 */
export interface JobDefinition {
  /** Stable name: the lease key, shared by every replica. */
  name: string;
  /** Time from the start of one run to the start of the next (a run never overlaps itself). */
  intervalMs: number;
  /** One run. The signal aborts when this replica loses the lease or the runner stops. */
  run: (signal: AbortSignal) => Promise<void>;
}

export interface JobStatus {
  name: string;
  /** Whether this replica holds the job's lease (and so is the one that runs it). */
  held: boolean;
  running: boolean;
  /** The message of the last run's error on this replica; null after a successful run. */
  lastError: string | null;
}

export interface JobRunner {
  /** This replica's holder name in `job_leases`. */
  readonly identity: string;
  /** Adds a job; before or after `start()`. Names are unique. */
  register(job: JobDefinition): void;
  /** Starts competing for every registered job's lease. */
  start(): void;
  /** Stops: aborts the running jobs' signals, awaits them, then releases this replica's leases. */
  stop(): Promise<void>;
  /** Whether this replica holds the lease of job `name` now (for metrics and tests). */
  holds(name: string): boolean;
  status(): JobStatus[];
}

export interface JobRunnerOptions {
  db: Db;
  logger: Logger;
  /** Unique per running process (e.g. host, pid and a random suffix): two runners with one identity share leases. */
  identity: string;
  /** How long a lease lasts without renewal: the longest a crashed holder blocks a job (default 30 s). */
  leaseMs?: number;
  /** How often the holder renews and the others try to take over (default a third of `leaseMs`). */
  renewMs?: number;
}

interface JobState {
  job: JobDefinition;
  /** Whether this replica believes it holds the lease; valid until `heldUntil` (performance.now()). */
  held: boolean;
  heldUntil: number;
  tickTimer?: NodeJS.Timeout;
  runTimer?: NodeJS.Timeout;
  /** The lease statement in flight, if any (awaited on stop so it cannot re-take a released lease). */
  beat: Promise<void> | null;
  /** The run in flight, if any, and the controller of its signal. */
  running: Promise<void> | null;
  abort: AbortController | null;
  lastError: string | null;
}

const millis = (ms: number) => sql`(${ms}::float8 * interval '1 millisecond')`;

export function createJobRunner(opts: JobRunnerOptions): JobRunner {
  const { db, logger, identity } = opts;
  const leaseMs = opts.leaseMs ?? 30_000;
  const renewMs = opts.renewMs ?? Math.floor(leaseMs / 3);
  if (!identity) throw new Error('job runner: identity is required');
  if (!(leaseMs > 0) || !(renewMs > 0) || renewMs >= leaseMs)
    throw new Error('job runner: need 0 < renewMs < leaseMs');

  const jobs = new Map<string, JobState>();
  let started = false;
  let stopped = false;

  const holds = (s: JobState) => s.held && performance.now() < s.heldUntil;

  /** Takes or renews the lease; returns the delay until the job is due, or null if another replica holds it. */
  async function acquire(job: JobDefinition): Promise<number | null> {
    const rows = await db
      .insert(jobLeases)
      .values({
        name: job.name,
        holder: identity,
        expiresAt: sql`now() + ${millis(leaseMs)}`,
        acquiredAt: sql`now()`,
      })
      .onConflictDoUpdate({
        target: jobLeases.name,
        set: {
          holder: identity,
          expiresAt: sql`now() + ${millis(leaseMs)}`,
          acquiredAt: sql`case when ${jobLeases.holder} = ${identity} then ${jobLeases.acquiredAt} else now() end`,
        },
        // Concurrency: the conflicting row is locked and this condition re-checked on its latest
        // version, so of two replicas racing for an expired lease exactly one updates it.
        where: sql`${jobLeases.holder} = ${identity} or ${jobLeases.expiresAt} <= now()`,
      })
      .returning({
        dueInMs:
          sql<number>`greatest(0, coalesce(extract(epoch from (${jobLeases.lastRunAt} + ${millis(job.intervalMs)} - now())) * 1000, 0))::float8`.mapWith(
            Number,
          ),
      });
    return rows[0]?.dueInMs ?? null;
  }

  /** Records the start of a run, only while the lease is still ours (checked by the database). */
  async function markStarted(name: string): Promise<boolean> {
    const rows = await db
      .update(jobLeases)
      .set({ lastRunAt: sql`now()` })
      .where(
        and(eq(jobLeases.name, name), eq(jobLeases.holder, identity), gt(jobLeases.expiresAt, sql`now()`)),
      )
      .returning({ name: jobLeases.name });
    return rows.length > 0;
  }

  function lose(s: JobState, reason: string) {
    s.held = false;
    clearTimeout(s.runTimer);
    logger.warn({ job: s.job.name, reason }, 'job lease lost');
    s.abort?.abort(new Error(`job lease lost: ${reason}`));
  }

  function tick(s: JobState) {
    if (stopped) return;
    if (s.held && !holds(s)) lose(s, 'not renewed in time');
    if (!s.beat) {
      s.beat = beat(s).finally(() => (s.beat = null));
    }
    s.tickTimer = setTimeout(() => tick(s), renewMs);
  }

  async function beat(s: JobState): Promise<void> {
    const sentAt = performance.now();
    let dueInMs: number | null;
    try {
      dueInMs = await acquire(s.job);
    } catch (err) {
      logger.warn({ err, job: s.job.name }, 'job lease renewal failed; retried');
      return;
    }
    if (stopped) {
      // A lease taken while stopping is released by stop(), which awaits this statement first.
      s.held = dueInMs !== null;
      return;
    }
    if (dueInMs === null) {
      if (s.held) lose(s, 'taken over by another replica');
      return;
    }
    const wasHeld = holds(s);
    s.held = true;
    s.heldUntil = sentAt + leaseMs;
    if (!wasHeld) {
      logger.info({ job: s.job.name, identity }, 'job lease acquired');
      schedule(s, dueInMs);
    }
  }

  function schedule(s: JobState, delayMs: number) {
    clearTimeout(s.runTimer);
    s.runTimer = setTimeout(() => fire(s), Math.max(0, delayMs));
  }

  function fire(s: JobState) {
    if (stopped || s.running || !holds(s)) return;
    const startedAt = performance.now();
    s.running = execute(s)
      .catch((err: unknown) => logger.error({ err, job: s.job.name }, 'job run could not start; retried'))
      .finally(() => {
        s.running = null;
        if (!stopped && holds(s)) schedule(s, startedAt + s.job.intervalMs - performance.now());
      });
  }

  async function execute(s: JobState): Promise<void> {
    if (!(await markStarted(s.job.name))) {
      if (s.held) lose(s, 'expired before the run started');
      return;
    }
    const controller = new AbortController();
    s.abort = controller;
    try {
      await s.job.run(controller.signal);
      s.lastError = null;
    } catch (err) {
      s.lastError = err instanceof Error ? err.message : String(err);
      logger.error({ err, job: s.job.name }, 'job failed; it runs again at its next interval');
    } finally {
      s.abort = null;
    }
  }

  return {
    identity,
    register(job) {
      if (stopped) throw new Error('job runner: stopped');
      if (!job.name || job.name.length > 200) throw new Error('job runner: a job needs a name (≤ 200 chars)');
      if (jobs.has(job.name)) throw new Error(`job runner: job ${job.name} is already registered`);
      if (!Number.isFinite(job.intervalMs) || job.intervalMs <= 0)
        throw new Error(`job runner: job ${job.name} needs a positive intervalMs`);
      const s: JobState = {
        job,
        held: false,
        heldUntil: 0,
        beat: null,
        running: null,
        abort: null,
        lastError: null,
      };
      jobs.set(job.name, s);
      if (started) tick(s);
    },
    start() {
      if (stopped) throw new Error('job runner: stopped');
      if (started) return;
      started = true;
      for (const s of jobs.values()) tick(s);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      const states = [...jobs.values()];
      for (const s of states) {
        clearTimeout(s.tickTimer);
        clearTimeout(s.runTimer);
        s.abort?.abort(new Error('the job runner is stopping'));
      }
      await Promise.all(states.map((s) => s.running));
      await Promise.all(states.map((s) => s.beat));
      const names = states.filter((s) => s.held).map((s) => s.job.name);
      for (const s of states) s.held = false;
      if (names.length === 0) return;
      try {
        // Expire rather than delete: the row keeps last_run_at for the next holder.
        await db
          .update(jobLeases)
          .set({ expiresAt: sql`now()` })
          .where(
            and(
              inArray(jobLeases.name, names),
              eq(jobLeases.holder, identity),
              gt(jobLeases.expiresAt, sql`now()`),
            ),
          );
      } catch (err) {
        logger.warn({ err, jobs: names }, 'job leases not released; they expire on their own');
      }
    },
    holds(name) {
      const s = jobs.get(name);
      return s ? holds(s) : false;
    },
    status() {
      return [...jobs.values()].map((s) => ({
        name: s.job.name,
        held: holds(s),
        running: s.running !== null,
        lastError: s.lastError,
      }));
    },
  };
}
