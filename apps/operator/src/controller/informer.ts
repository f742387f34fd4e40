import type { KubeObject, ListResult, WatchEvent } from '../kube/kube.client';
import { KubeApiError } from '../kube/kube.client';
import { backoffDelay } from './workqueue';

/** Where an informer lists and watches from; the Kubernetes client in production, a fake in tests. */
export type InformerSource = {
  list(): Promise<ListResult>;
  watch(resourceVersion: string, onEvent: (event: WatchEvent) => void, signal: AbortSignal): Promise<void>;
};

export type InformerHandlers = {
  add?(obj: KubeObject): void;
  update?(oldObj: KubeObject, newObj: KubeObject): void;
  delete?(obj: KubeObject): void;
};

export type WatchRestartReason = 'closed' | 'error' | 'gone' | 'hung';

export type InformerOptions = {
  readonly name: string;
  readonly source: InformerSource;
  /** Applied to every object before it is cached (e.g. drop managedFields to save memory). */
  readonly transform?: (obj: KubeObject) => KubeObject;
  /** No event or bookmark for this long → the watch is presumed hung and restarted. */
  readonly hangTimeoutMs?: number;
  readonly backoffBaseMs?: number;
  readonly backoffMaxMs?: number;
  readonly onWatchRestart?: (reason: WatchRestartReason) => void;
  readonly onError?: (error: unknown) => void;
};

export type Informer = {
  readonly name: string;
  start(): void;
  stop(): Promise<void>;
  hasSynced(): boolean;
  waitForSync(): Promise<void>;
  get(key: string): KubeObject | undefined;
  list(): KubeObject[];
  addHandlers(handlers: InformerHandlers): void;
};

/** The cache key of an object: `namespace/name`, or `name` for cluster-scoped objects. */
export function objectKey(obj: { metadata: { name: string; namespace?: string } }): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name;
}

class WatchEnded extends Error {
  constructor(readonly reason: 'gone' | 'hung') {
    super(reason);
  }
}

function isGone(error: unknown): boolean {
  return error instanceof KubeApiError && error.status === 410;
}

/**
 * Lists, then watches from the list's resourceVersion, keeping a local cache. A watch that ends is
 * resumed from the last seen resourceVersion; 410 Gone (the version was compacted) forces a relist;
 * failures back off exponentially; a watch that delivers neither events nor bookmarks within
 * `hangTimeoutMs` is aborted and restarted (watches can stop silently when a connection dies).
 * resourceVersion is opaque: it is only passed back to the server and compared for equality.
 */
export function createInformer(options: InformerOptions): Informer {
  const hangTimeoutMs = options.hangTimeoutMs ?? 90_000;
  const backoffBaseMs = options.backoffBaseMs ?? 250;
  const backoffMaxMs = options.backoffMaxMs ?? 30_000;
  const transform = options.transform ?? ((obj: KubeObject) => obj);
  const store = new Map<string, KubeObject>();
  const handlers: InformerHandlers[] = [];
  let synced = false;
  let syncWaiters: Array<() => void> = [];
  let stopController = new AbortController();
  let loop: Promise<void> | undefined;

  const emit = (fn: (h: InformerHandlers) => void): void => {
    for (const h of handlers) {
      try {
        fn(h);
      } catch (error) {
        options.onError?.(error);
      }
    }
  };

  const upsert = (raw: KubeObject): void => {
    const obj = transform(raw);
    const key = objectKey(obj);
    const old = store.get(key);
    store.set(key, obj);
    if (!old) emit((h) => h.add?.(obj));
    else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) emit((h) => h.update?.(old, obj));
  };

  const remove = (raw: KubeObject): void => {
    const key = objectKey(raw);
    const old = store.get(key);
    store.delete(key);
    emit((h) => h.delete?.(old ?? transform(raw)));
  };

  const replaceAll = (items: KubeObject[]): void => {
    const seen = new Set<string>();
    for (const item of items) {
      seen.add(objectKey(item));
      upsert(item);
    }
    for (const [key, obj] of [...store]) {
      if (!seen.has(key)) {
        store.delete(key);
        emit((h) => h.delete?.(obj));
      }
    }
    if (!synced) {
      synced = true;
      const waiters = syncWaiters;
      syncWaiters = [];
      for (const resolve of waiters) resolve();
    }
  };

  const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
    new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done);
    });

  /**
   * Runs one watch, advancing `cursor.rv` with every event (so a restart after a failure resumes
   * from the last version seen); resolves with whether any event arrived.
   */
  const watchOnce = async (
    cursor: { rv: string | undefined },
    resourceVersion: string,
    stop: AbortSignal,
  ): Promise<{ sawEvent: boolean }> => {
    const controller = new AbortController();
    const onStop = (): void => controller.abort();
    stop.addEventListener('abort', onStop);
    let sawEvent = false;
    let ended: WatchEnded | undefined;
    let timer: NodeJS.Timeout | undefined;
    const arm = (): void => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        ended = new WatchEnded('hung');
        controller.abort();
      }, hangTimeoutMs);
    };
    arm();
    try {
      await options.source.watch(
        resourceVersion,
        (event) => {
          if (ended) return;
          arm();
          sawEvent = true;
          if (event.type === 'ERROR') {
            const status = event.object as unknown as { code?: number };
            ended = status.code === 410 ? new WatchEnded('gone') : ended;
            if (!ended) throw new KubeApiError('watch error event', status.code ?? 500, undefined);
            controller.abort();
            return;
          }
          const next = event.object.metadata?.resourceVersion;
          if (next) cursor.rv = next;
          if (event.type === 'ADDED' || event.type === 'MODIFIED') upsert(event.object);
          else if (event.type === 'DELETED') remove(event.object);
        },
        controller.signal,
      );
    } catch (error) {
      if (!ended && !stop.aborted) throw error;
    } finally {
      if (timer) clearTimeout(timer);
      stop.removeEventListener('abort', onStop);
    }
    if (ended) throw ended;
    return { sawEvent };
  };

  const run = async (stop: AbortSignal): Promise<void> => {
    const cursor: { rv: string | undefined } = { rv: undefined };
    let failures = 0;
    while (!stop.aborted) {
      try {
        if (cursor.rv === undefined) {
          const listed = await options.source.list();
          replaceAll(listed.items);
          cursor.rv = listed.resourceVersion;
        }
        const result = await watchOnce(cursor, cursor.rv, stop);
        if (stop.aborted) return;
        options.onWatchRestart?.('closed');
        if (result.sawEvent) failures = 0;
        else {
          // A stream that closes without delivering anything must not spin.
          failures += 1;
          await sleep(backoffDelay(failures, backoffBaseMs, backoffMaxMs), stop);
        }
      } catch (error) {
        if (stop.aborted) return;
        if (error instanceof WatchEnded) {
          options.onWatchRestart?.(error.reason);
          if (error.reason === 'gone') cursor.rv = undefined;
          continue;
        }
        if (isGone(error)) {
          options.onWatchRestart?.('gone');
          cursor.rv = undefined;
          continue;
        }
        options.onWatchRestart?.('error');
        options.onError?.(error);
        failures += 1;
        await sleep(backoffDelay(failures, backoffBaseMs, backoffMaxMs), stop);
      }
    }
  };

  return {
    name: options.name,
    start() {
      if (loop) return;
      stopController = new AbortController();
      loop = run(stopController.signal);
    },
    async stop() {
      stopController.abort();
      await loop;
      loop = undefined;
    },
    hasSynced: () => synced,
    waitForSync() {
      if (synced) return Promise.resolve();
      return new Promise((resolve) => syncWaiters.push(resolve));
    },
    get: (key) => store.get(key),
    list: () => [...store.values()],
    addHandlers(h) {
      handlers.push(h);
    },
  };
}
