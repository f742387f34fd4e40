import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type KubeObject, type ListResult, type WatchEvent, KubeApiError } from '@k8s-scheduler/kube';
import { createInformer, objectKey, type InformerSource, type WatchRestartReason } from './informer';

function cm(name: string, rv: string, data = 'x'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'ns', resourceVersion: rv },
    data: { v: data },
  };
}

type WatchCall = {
  rv: string;
  emit(event: WatchEvent): void;
  close(): void;
  fail(error: unknown): void;
  signal: AbortSignal;
};

/** A scripted list/watch source: each watch call is exposed so the test can drive it. */
function fakeSource(
  lists: Array<ListResult | Error>,
): InformerSource & { watches: WatchCall[]; listCalls: number } {
  const source = {
    watches: [] as WatchCall[],
    listCalls: 0,
    async list(): Promise<ListResult> {
      const next = lists[Math.min(source.listCalls, lists.length - 1)];
      source.listCalls += 1;
      if (!next) throw new Error('no list scripted');
      if (next instanceof Error) throw next;
      return next;
    },
    watch(rv: string, onEvent: (e: WatchEvent) => void, signal: AbortSignal): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        signal.addEventListener('abort', () => reject(new Error('aborted')));
        source.watches.push({ rv, emit: onEvent, close: resolve, fail: reject, signal });
      });
    },
  };
  return source;
}

describe('createInformer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('lists, fills the cache, then watches from the list resourceVersion and applies events', async () => {
    const source = fakeSource([{ items: [cm('a', '10')], resourceVersion: 'list-1' }]);
    const informer = createInformer({ name: 'cm', source });
    const seen: string[] = [];
    informer.addHandlers({
      add: (o) => seen.push(`add:${o.metadata.name}`),
      update: (_old, o) => seen.push(`update:${o.metadata.name}`),
      delete: (o) => seen.push(`delete:${o.metadata.name}`),
    });
    informer.start();
    await informer.waitForSync();
    await vi.advanceTimersByTimeAsync(0);
    expect(informer.get('ns/a')?.metadata.resourceVersion).toBe('10');
    expect(source.watches[0]?.rv).toBe('list-1');
    const watch = source.watches[0]!;
    watch.emit({ type: 'ADDED', object: cm('b', '11') });
    watch.emit({ type: 'MODIFIED', object: cm('a', '12', 'y') });
    watch.emit({ type: 'MODIFIED', object: cm('a', '12', 'y') });
    watch.emit({ type: 'DELETED', object: cm('b', '13') });
    expect(seen).toEqual(['add:a', 'add:b', 'update:a', 'delete:b']);
    expect(informer.list().map(objectKey)).toEqual(['ns/a']);
    await informer.stop();
  });

  it('resumes from the last seen resourceVersion (bookmarks included) when a watch closes', async () => {
    const restarts: WatchRestartReason[] = [];
    const source = fakeSource([{ items: [], resourceVersion: '1' }]);
    const informer = createInformer({ name: 'cm', source, onWatchRestart: (r) => restarts.push(r) });
    informer.start();
    await vi.advanceTimersByTimeAsync(0);
    source.watches[0]!.emit({ type: 'ADDED', object: cm('a', 'abc') });
    source.watches[0]!.emit({
      type: 'BOOKMARK',
      object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '', resourceVersion: 'bm-7' } },
    });
    source.watches[0]!.close();
    await vi.advanceTimersByTimeAsync(0);
    expect(source.watches[1]?.rv).toBe('bm-7');
    expect(source.listCalls).toBe(1);
    expect(restarts).toEqual(['closed']);
    expect(informer.list()).toHaveLength(1);
    await informer.stop();
  });

  it('relists on 410 Gone (event or HTTP status) and drops objects deleted meanwhile', async () => {
    const restarts: WatchRestartReason[] = [];
    const source = fakeSource([
      { items: [cm('a', '1'), cm('b', '1')], resourceVersion: '1' },
      { items: [cm('b', '5')], resourceVersion: '5' },
      { items: [cm('b', '5'), cm('c', '6')], resourceVersion: '6' },
    ]);
    const deleted: string[] = [];
    const informer = createInformer({ name: 'cm', source, onWatchRestart: (r) => restarts.push(r) });
    informer.addHandlers({ delete: (o) => deleted.push(o.metadata.name) });
    informer.start();
    await vi.advanceTimersByTimeAsync(0);
    source.watches[0]!.emit({
      type: 'ERROR',
      object: { apiVersion: 'v1', kind: 'Status', metadata: { name: '' }, code: 410 },
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(source.listCalls).toBe(2);
    expect(deleted).toEqual(['a']);
    expect(source.watches[1]?.rv).toBe('5');
    source.watches[1]!.fail(new KubeApiError('too old', 410, 'Expired'));
    await vi.advanceTimersByTimeAsync(0);
    expect(source.listCalls).toBe(3);
    expect(informer.list().map(objectKey).sort()).toEqual(['ns/b', 'ns/c']);
    expect(restarts).toEqual(['gone', 'gone']);
    await informer.stop();
  });

  it('backs off exponentially while the server is unreachable, then recovers', async () => {
    const source = fakeSource([
      new Error('ECONNREFUSED'),
      new Error('ECONNREFUSED'),
      { items: [cm('a', '1')], resourceVersion: '1' },
    ]);
    const informer = createInformer({ name: 'cm', source, backoffBaseMs: 100, backoffMaxMs: 1_000 });
    informer.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(source.listCalls).toBe(1);
    await vi.advanceTimersByTimeAsync(99);
    expect(source.listCalls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(source.listCalls).toBe(2);
    await vi.advanceTimersByTimeAsync(199);
    expect(informer.hasSynced()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(informer.hasSynced()).toBe(true);
    expect(source.watches).toHaveLength(1);
    await informer.stop();
  });

  it('restarts a watch that goes silent (no events, no bookmarks) from the same resourceVersion', async () => {
    const restarts: WatchRestartReason[] = [];
    const source = fakeSource([{ items: [], resourceVersion: '42' }]);
    const informer = createInformer({
      name: 'cm',
      source,
      hangTimeoutMs: 5_000,
      onWatchRestart: (r) => restarts.push(r),
    });
    informer.start();
    await vi.advanceTimersByTimeAsync(4_000);
    source.watches[0]!.emit({
      type: 'BOOKMARK',
      object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '', resourceVersion: '43' } },
    });
    await vi.advanceTimersByTimeAsync(4_000);
    expect(source.watches).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(source.watches[0]!.signal.aborted).toBe(true);
    expect(source.watches).toHaveLength(2);
    expect(source.watches[1]!.rv).toBe('43');
    expect(restarts).toEqual(['hung']);
    expect(source.listCalls).toBe(1);
    await informer.stop();
  });

  it('retries a dropped watch with backoff and without relisting', async () => {
    const source = fakeSource([{ items: [], resourceVersion: '1' }]);
    const informer = createInformer({ name: 'cm', source, backoffBaseMs: 100 });
    informer.start();
    await vi.advanceTimersByTimeAsync(0);
    source.watches[0]!.fail(new Error('socket hang up'));
    await vi.advanceTimersByTimeAsync(50);
    expect(source.watches).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(50);
    expect(source.watches).toHaveLength(2);
    expect(source.watches[1]!.rv).toBe('1');
    expect(source.listCalls).toBe(1);
    await informer.stop();
  });

  it('stop aborts the running watch and ends the loop', async () => {
    const source = fakeSource([{ items: [], resourceVersion: '1' }]);
    const informer = createInformer({ name: 'cm', source });
    informer.start();
    await vi.advanceTimersByTimeAsync(0);
    await informer.stop();
    expect(source.watches[0]!.signal.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(source.watches).toHaveLength(1);
  });

  it('caches transformed objects', async () => {
    const source = fakeSource([
      {
        items: [
          {
            ...cm('a', '1'),
            metadata: { name: 'a', namespace: 'ns', resourceVersion: '1', managedFields: [{}] },
          },
        ],
        resourceVersion: '1',
      },
    ]);
    const informer = createInformer({
      name: 'cm',
      source,
      transform: (o) => ({ ...o, metadata: { ...o.metadata, managedFields: undefined } }),
    });
    informer.start();
    await informer.waitForSync();
    expect(informer.get('ns/a')?.metadata.managedFields).toBeUndefined();
    await informer.stop();
  });
});
