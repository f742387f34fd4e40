import { KubeApiError, type KubeObject, type ListResult, type WatchEvent } from './client';

/** Exponential backoff: 0 for no failure, then base, 2×base, … capped at max. */
export function backoffDelay(failures: number, baseDelayMs: number, maxDelayMs: number): number {
  if (failures <= 0) return 0;
  const exp = Math.min(failures - 1, 30);
  return Math.min(maxDelayMs, baseDelayMs * 2 ** exp);
}

/** Where a list/watch loop lists and watches from; the Kubernetes client in production, a fake in tests. */
export type ListWatchSource = {
  list(): Promise<ListResult>;
  watch(resourceVersion: string, onEvent: (event: WatchEvent) => void, signal: AbortSignal): Promise<void>;
};

export type WatchRestartReason = 'closed' | 'error' | 'gone' | 'hung';

export type ListWatchOptions = {
  readonly source: ListWatchSource;
  /** Every (re)list: the whole collection as it is now. Awaited before the watch starts. */
  readonly onList: (items: KubeObject[], resourceVersion: string) => void | Promise<void>;
  /** ADDED, MODIFIED, DELETED and BOOKMARK events, in the order the watch delivers them. */
  readonly onEvent: (event: WatchEvent) => void;
  /** Awaited after every watch, however it ended (e.g. to let writes queued by `onEvent` finish). */
  readonly afterWatch?: () => Promise<void>;
  /** No event or bookmark for this long → the watch is presumed hung and restarted. */
  readonly hangTimeoutMs?: number;
  readonly backoffBaseMs?: number;
  readonly backoffMaxMs?: number;
  readonly onWatchRestart?: (reason: WatchRestartReason) => void;
  readonly onError?: (error: unknown) => void;
};

class WatchEnded extends Error {
  constructor(readonly reason: 'gone' | 'hung') {
    super(reason);
  }
}

const isGone = (error: unknown): boolean => error instanceof KubeApiError && error.status === 410;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

/**
 * Lists, then watches from the list's resourceVersion, until `stop` aborts. A watch that ends is
 * resumed from the last seen resourceVersion; 410 Gone (the version was compacted) forces a relist;
 * failures back off exponentially; a watch that delivers neither events nor bookmarks within
 * `hangTimeoutMs` is aborted and restarted (watches can stop silently when a connection dies).
 * resourceVersion is opaque: it is only passed back to the server.
 */
export async function runListWatch(options: ListWatchOptions, stop: AbortSignal): Promise<void> {
  const hangTimeoutMs = options.hangTimeoutMs ?? 90_000;
  const backoffBaseMs = options.backoffBaseMs ?? 250;
  const backoffMaxMs = options.backoffMaxMs ?? 30_000;

  /** Runs one watch, advancing `cursor.rv` with every event; resolves with whether any arrived. */
  const watchOnce = async (cursor: { rv: string | undefined }, resourceVersion: string) => {
    const controller = new AbortController();
    const onStop = (): void => controller.abort();
    stop.addEventListener('abort', onStop);
    if (stop.aborted) controller.abort();
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
          options.onEvent(event);
        },
        controller.signal,
      );
    } catch (error) {
      if (!ended && !stop.aborted) throw error;
    } finally {
      if (timer) clearTimeout(timer);
      stop.removeEventListener('abort', onStop);
      await options.afterWatch?.();
    }
    if (ended) throw ended;
    return { sawEvent };
  };

  const cursor: { rv: string | undefined } = { rv: undefined };
  let failures = 0;
  while (!stop.aborted) {
    try {
      if (cursor.rv === undefined) {
        const listed = await options.source.list();
        await options.onList(listed.items, listed.resourceVersion);
        cursor.rv = listed.resourceVersion;
        if (stop.aborted) return;
      }
      const result = await watchOnce(cursor, cursor.rv);
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
}
