import { backoffDelay } from '@k8s-scheduler/kube';
/**
 * A de-duplicating work queue keyed by `namespace/name` (or `name` for cluster-scoped objects).
 *
 * Guarantees:
 *  - a key is queued at most once, however often it is added;
 *  - a key is processed by at most one worker at a time; a key added while it is being processed
 *    is marked dirty and processed once more after the current run finishes;
 *  - at most `concurrency` keys are processed at the same time;
 *  - a failed key is retried with per-key exponential backoff (`baseDelayMs * 2^(failures-1)`,
 *    capped at `maxDelayMs`); a success forgets the key's failures;
 *  - a handler may ask to see the key again after a delay (`requeueAfter`).
 */

export type ReconcileResult =
  | { readonly kind: 'done' }
  | { readonly kind: 'requeueAfter'; readonly delayMs: number }
  | { readonly kind: 'error'; readonly error: unknown };

export type WorkHandler = (key: string) => Promise<ReconcileResult>;

export type WorkQueueOptions = {
  readonly concurrency: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Called after each processed key, with how long the handler took. */
  readonly onProcessed?: (key: string, result: ReconcileResult, durationMs: number) => void;
  /** Called whenever the number of waiting keys changes. */
  readonly onDepth?: (depth: number) => void;
};

export type WorkQueue = {
  add(key: string): void;
  addAfter(key: string, delayMs: number): void;
  /** Starts workers calling `handler`. */
  start(handler: WorkHandler): void;
  /** Stops taking new keys; resolves when the running handlers have finished. */
  shutdown(): Promise<void>;
  depth(): number;
  processing(): number;
  failures(key: string): number;
  /** Resolves when nothing is queued, processing or delayed (for tests and benches). */
  drained(): Promise<void>;
};

/** Exponential backoff (shared with the list/watch loop of @k8s-scheduler/kube). */
export { backoffDelay };

export function createWorkQueue(options: WorkQueueOptions): WorkQueue {
  const concurrency = Math.max(1, options.concurrency);
  const baseDelayMs = options.baseDelayMs ?? 200;
  const maxDelayMs = options.maxDelayMs ?? 60_000;

  // Insertion-ordered set gives FIFO with de-duplication.
  const queue = new Set<string>();
  const active = new Set<string>();
  const dirty = new Set<string>();
  const delayed = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  const failureCounts = new Map<string, number>();
  const running = new Set<Promise<void>>();
  let handler: WorkHandler | undefined;
  let stopped = false;
  let drainWaiters: Array<() => void> = [];

  const reportDepth = (): void => options.onDepth?.(queue.size);

  const isIdle = (): boolean => queue.size === 0 && active.size === 0 && delayed.size === 0;
  const notifyDrained = (): void => {
    if (!isIdle()) return;
    const waiters = drainWaiters;
    drainWaiters = [];
    for (const resolve of waiters) resolve();
  };

  const add = (key: string): void => {
    if (stopped) return;
    const pending = delayed.get(key);
    if (pending) {
      clearTimeout(pending.timer);
      delayed.delete(key);
    }
    if (active.has(key)) {
      // Concurrency: never run one key twice at once; run again once the current run ends.
      dirty.add(key);
      return;
    }
    if (!queue.has(key)) {
      queue.add(key);
      reportDepth();
    }
    pump();
  };

  const addAfter = (key: string, delayMs: number): void => {
    if (stopped) return;
    if (delayMs <= 0) {
      add(key);
      return;
    }
    if (queue.has(key)) return; // already due sooner
    const at = Date.now() + delayMs;
    const existing = delayed.get(key);
    if (existing && existing.at <= at) return; // keep the earlier wake-up
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => {
      delayed.delete(key);
      add(key);
    }, delayMs);
    delayed.set(key, { at, timer });
  };

  const finish = (key: string, result: ReconcileResult): void => {
    active.delete(key);
    if (result.kind === 'error') {
      const failures = (failureCounts.get(key) ?? 0) + 1;
      failureCounts.set(key, failures);
      if (dirty.delete(key)) add(key);
      else addAfter(key, backoffDelay(failures, baseDelayMs, maxDelayMs));
    } else {
      failureCounts.delete(key);
      if (dirty.delete(key)) add(key);
      else if (result.kind === 'requeueAfter') addAfter(key, result.delayMs);
    }
    pump();
    notifyDrained();
  };

  const runOne = (key: string, work: WorkHandler): void => {
    active.add(key);
    const startedAt = performance.now();
    const task = (async (): Promise<void> => {
      let result: ReconcileResult;
      try {
        result = await work(key);
      } catch (error) {
        result = { kind: 'error', error };
      }
      options.onProcessed?.(key, result, performance.now() - startedAt);
      finish(key, result);
    })();
    running.add(task);
    void task.finally(() => running.delete(task));
  };

  function pump(): void {
    if (stopped || !handler) return;
    while (active.size < concurrency && queue.size > 0) {
      let next: string | undefined;
      for (const key of queue) {
        if (!active.has(key)) {
          next = key;
          break;
        }
      }
      if (next === undefined) return;
      queue.delete(next);
      reportDepth();
      runOne(next, handler);
    }
  }

  return {
    add,
    addAfter,
    start(work) {
      handler = work;
      pump();
    },
    async shutdown() {
      stopped = true;
      for (const { timer } of delayed.values()) clearTimeout(timer);
      delayed.clear();
      queue.clear();
      reportDepth();
      await Promise.all([...running]);
      notifyDrained();
    },
    depth: () => queue.size,
    processing: () => active.size,
    failures: (key) => failureCounts.get(key) ?? 0,
    drained() {
      if (isIdle()) return Promise.resolve();
      return new Promise((resolve) => drainWaiters.push(resolve));
    },
  };
}
