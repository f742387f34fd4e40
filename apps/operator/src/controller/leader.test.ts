import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type KubeObject, KubeApiError } from '@k8s-scheduler/kube';
import { createLeaderElector, microTime } from './leader';

/** An in-memory Lease store with the API server's optimistic concurrency (409 on a stale resourceVersion). */
function fakeLeases() {
  let lease: KubeObject | null = null;
  let version = 0;
  let failing = false;
  const client = {
    async get(): Promise<KubeObject | null> {
      if (failing) throw new Error('connection refused');
      return lease ? structuredClone(lease) : null;
    },
    async create(obj: KubeObject): Promise<KubeObject> {
      if (failing) throw new Error('connection refused');
      if (lease) throw new KubeApiError('exists', 409, 'AlreadyExists');
      version += 1;
      lease = { ...structuredClone(obj), metadata: { ...obj.metadata, resourceVersion: String(version) } };
      return lease;
    },
    async replace(obj: KubeObject): Promise<KubeObject> {
      if (failing) throw new Error('connection refused');
      if (!lease || lease.metadata.resourceVersion !== obj.metadata.resourceVersion) {
        throw new KubeApiError('conflict', 409, 'Conflict');
      }
      version += 1;
      lease = { ...structuredClone(obj), metadata: { ...obj.metadata, resourceVersion: String(version) } };
      return lease;
    },
  };
  return {
    client,
    holder: () => (lease?.spec as { holderIdentity?: string | null } | undefined)?.holderIdentity ?? null,
    setFailing: (value: boolean) => (failing = value),
  };
}

function elector(store: ReturnType<typeof fakeLeases>, identity: string, log: string[]) {
  return createLeaderElector({
    client: store.client,
    namespace: 'sys',
    name: 'operator',
    identity,
    leaseDurationMs: 15_000,
    renewDeadlineMs: 10_000,
    retryPeriodMs: 2_000,
    onStartedLeading: () => log.push(`${identity}:start`),
    onStoppedLeading: () => log.push(`${identity}:stop`),
  });
}

/** Two candidates on one store: `a` starts first, then `b`. */
async function twoCandidates() {
  const store = fakeLeases();
  const log: string[] = [];
  const a = elector(store, 'a', log);
  const b = elector(store, 'b', log);
  a.start();
  await vi.advanceTimersByTimeAsync(0);
  b.start();
  return { store, log, a, b };
}

describe('createLeaderElector', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('formats MicroTime with six fractional digits', () => {
    expect(microTime(Date.UTC(2026, 0, 2, 3, 4, 5, 678))).toBe('2026-01-02T03:04:05.678000Z');
  });

  it('elects exactly one of two candidates and keeps it while it renews', async () => {
    const { store, log, a, b } = await twoCandidates();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(a.isLeader()).toBe(true);
    expect(b.isLeader()).toBe(false);
    expect(log).toEqual(['a:start']);
    expect(store.holder()).toBe('a');
    await a.stop();
    await b.stop();
  });

  it('hands over immediately when the leader releases the lease on stop', async () => {
    const { store, log, a, b } = await twoCandidates();
    await vi.advanceTimersByTimeAsync(4_000);
    await a.stop();
    expect(store.holder()).toBeNull();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(b.isLeader()).toBe(true);
    expect(log).toEqual(['a:start', 'a:stop', 'b:start']);
    await b.stop();
  });

  it('takes over from a crashed holder only after the lease duration', async () => {
    const store = fakeLeases();
    const log: string[] = [];
    let aAlive = true;
    const guard = <T>(fn: () => Promise<T>): Promise<T> =>
      aAlive ? fn() : Promise.reject(new Error('process gone'));
    const a = createLeaderElector({
      client: {
        get: () => guard(() => store.client.get()),
        create: (obj) => guard(() => store.client.create(obj)),
        replace: (obj) => guard(() => store.client.replace(obj)),
      },
      namespace: 'sys',
      name: 'operator',
      identity: 'a',
      onStartedLeading: () => log.push('a:start'),
      onStoppedLeading: () => log.push('a:stop'),
    });
    a.start();
    await vi.advanceTimersByTimeAsync(0);
    const b = elector(store, 'b', log);
    b.start();
    await vi.advanceTimersByTimeAsync(1_000);
    aAlive = false; // a crashes without releasing the lease
    await vi.advanceTimersByTimeAsync(12_000);
    expect(b.isLeader()).toBe(false);
    expect(store.holder()).toBe('a');
    await vi.advanceTimersByTimeAsync(6_000);
    expect(b.isLeader()).toBe(true);
    expect(store.holder()).toBe('b');
    await a.stop();
    await b.stop();
  });

  it('does not take a lease held by a live holder before it expires, then does', async () => {
    const store = fakeLeases();
    const log: string[] = [];
    await store.client.create({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'operator', namespace: 'sys' },
      spec: { holderIdentity: 'ghost', leaseDurationSeconds: 15, renewTime: microTime(Date.now()) },
    });
    const b = elector(store, 'b', log);
    b.start();
    await vi.advanceTimersByTimeAsync(14_000);
    expect(b.isLeader()).toBe(false);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(b.isLeader()).toBe(true);
    expect(store.holder()).toBe('b');
    await b.stop();
  });

  it('steps down when it cannot renew within the renew deadline', async () => {
    const store = fakeLeases();
    const log: string[] = [];
    const a = elector(store, 'a', log);
    a.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(a.isLeader()).toBe(true);
    store.setFailing(true);
    await vi.advanceTimersByTimeAsync(8_000);
    expect(a.isLeader()).toBe(true);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(a.isLeader()).toBe(false);
    expect(log).toEqual(['a:start', 'a:stop']);
    store.setFailing(false);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(a.isLeader()).toBe(true);
    await a.stop();
  });
});
