import {
  runListWatch,
  type KubeObject,
  type ListWatchSource,
  type WatchRestartReason,
} from '@k8s-scheduler/kube';

/** Where an informer lists and watches from; the Kubernetes client in production, a fake in tests. */
export type InformerSource = ListWatchSource;

export type InformerHandlers = {
  add?(obj: KubeObject): void;
  update?(oldObj: KubeObject, newObj: KubeObject): void;
  delete?(obj: KubeObject): void;
};

export type { WatchRestartReason };

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

/**
 * A local cache over the list/watch loop of @k8s-scheduler/kube (`runListWatch`): lists, then
 * watches from the list's resourceVersion, keeping a local cache. A watch that ends is
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

  const run = (stop: AbortSignal): Promise<void> =>
    runListWatch(
      {
        source: options.source,
        onList: (items) => replaceAll(items),
        onEvent: (event) => {
          if (event.type === 'ADDED' || event.type === 'MODIFIED') upsert(event.object);
          else if (event.type === 'DELETED') remove(event.object);
        },
        hangTimeoutMs,
        backoffBaseMs,
        backoffMaxMs,
        ...(options.onWatchRestart ? { onWatchRestart: options.onWatchRestart } : {}),
        ...(options.onError ? { onError: options.onError } : {}),
      },
      stop,
    );

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
