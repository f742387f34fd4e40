import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, createWorkQueue, type ReconcileResult } from './workqueue';

const done: ReconcileResult = { kind: 'done' };

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * A started queue whose handler answers `result(n)` on its n-th run (from 1) and records when each
 * run began, in ms since the queue was made (the tests use fake timers).
 */
function timedQueue(options: Parameters<typeof createWorkQueue>[0], result: (n: number) => ReconcileResult) {
  const q = createWorkQueue(options);
  const t0 = Date.now();
  const runs: number[] = [];
  q.start(async () => {
    runs.push(Date.now() - t0);
    return result(runs.length);
  });
  return { q, runs };
}

describe('backoffDelay', () => {
  it('doubles from the base and stops at the cap', () => {
    expect(backoffDelay(0, 100, 1000)).toBe(0);
    expect(backoffDelay(1, 100, 1000)).toBe(100);
    expect(backoffDelay(2, 100, 1000)).toBe(200);
    expect(backoffDelay(4, 100, 1000)).toBe(800);
    expect(backoffDelay(5, 100, 1000)).toBe(1000);
    expect(backoffDelay(500, 100, 1000)).toBe(1000);
  });
});

describe('createWorkQueue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('de-duplicates a key added many times before it runs', async () => {
    const q = createWorkQueue({ concurrency: 1 });
    const seen: string[] = [];
    q.add('ns/a');
    q.add('ns/a');
    q.add('ns/b');
    q.add('ns/a');
    expect(q.depth()).toBe(2);
    q.start(async (key) => {
      seen.push(key);
      return done;
    });
    await q.drained();
    expect(seen).toEqual(['ns/a', 'ns/b']);
  });

  it('never runs one key twice at once, and reruns a key re-added while processing', async () => {
    const q = createWorkQueue({ concurrency: 4 });
    const gate = deferred();
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    q.start(async () => {
      running += 1;
      runs += 1;
      maxRunning = Math.max(maxRunning, running);
      if (runs === 1) await gate.promise;
      running -= 1;
      return done;
    });
    q.add('ns/a');
    await vi.advanceTimersByTimeAsync(0);
    expect(q.processing()).toBe(1);
    q.add('ns/a');
    q.add('ns/a');
    expect(q.depth()).toBe(0);
    gate.resolve();
    await q.drained();
    expect(runs).toBe(2);
    expect(maxRunning).toBe(1);
  });

  it('bounds concurrency', async () => {
    const q = createWorkQueue({ concurrency: 2 });
    const gates = new Map<string, ReturnType<typeof deferred>>();
    let running = 0;
    let maxRunning = 0;
    q.start(async (key) => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      const gate = deferred();
      gates.set(key, gate);
      await gate.promise;
      running -= 1;
      return done;
    });
    for (const key of ['a', 'b', 'c', 'd', 'e']) q.add(key);
    await vi.advanceTimersByTimeAsync(0);
    expect(q.processing()).toBe(2);
    expect(q.depth()).toBe(3);
    for (let i = 0; i < 5; i += 1) {
      for (const gate of gates.values()) gate.resolve();
      await vi.advanceTimersByTimeAsync(0);
    }
    await q.drained();
    expect(maxRunning).toBe(2);
  });

  it('retries a failing key with capped exponential backoff and forgets failures on success', async () => {
    const { q, runs } = timedQueue({ concurrency: 1, baseDelayMs: 100, maxDelayMs: 400 }, (n) =>
      n <= 5 ? { kind: 'error', error: new Error('boom') } : done,
    );
    q.add('ns/a');
    await vi.advanceTimersByTimeAsync(0);
    expect(q.failures('ns/a')).toBe(1);
    await vi.advanceTimersByTimeAsync(2_000);
    await q.drained();
    expect(runs).toEqual([0, 100, 300, 700, 1100, 1500]);
    expect(q.failures('ns/a')).toBe(0);
  });

  it('treats a thrown handler error like an error result', async () => {
    const q = createWorkQueue({ concurrency: 1, baseDelayMs: 50 });
    let calls = 0;
    q.start(async () => {
      calls += 1;
      if (calls === 1) throw new Error('thrown');
      return done;
    });
    q.add('k');
    await vi.advanceTimersByTimeAsync(49);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toBe(2);
  });

  it('requeues after the asked delay, and an add before then runs at once', async () => {
    const { q, runs } = timedQueue({ concurrency: 1 }, (n) =>
      n < 3 ? { kind: 'requeueAfter', delayMs: 1_000 } : done,
    );
    q.add('k');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs).toEqual([0, 1000]);
    await vi.advanceTimersByTimeAsync(200);
    q.add('k');
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toEqual([0, 1000, 1200]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(runs).toHaveLength(3);
  });

  it('keeps the earlier of two delayed wake-ups', async () => {
    const { q, runs } = timedQueue({ concurrency: 1 }, () => done);
    q.addAfter('k', 500);
    q.addAfter('k', 2_000);
    q.addAfter('k', 300);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(runs).toEqual([300]);
  });

  it('reports depth and processed durations, and shutdown waits for running work', async () => {
    const depths: number[] = [];
    const processed: string[] = [];
    const q = createWorkQueue({
      concurrency: 1,
      onDepth: (d) => depths.push(d),
      onProcessed: (key, result) => processed.push(`${key}:${result.kind}`),
    });
    const gate = deferred();
    q.add('a');
    q.add('b');
    q.start(async () => {
      await gate.promise;
      return done;
    });
    await vi.advanceTimersByTimeAsync(0);
    const stopping = q.shutdown();
    gate.resolve();
    await stopping;
    expect(processed).toEqual(['a:done']);
    expect(depths).toContain(2);
    expect(depths.at(-1)).toBe(0);
    q.add('c');
    expect(q.depth()).toBe(0);
  });
});
