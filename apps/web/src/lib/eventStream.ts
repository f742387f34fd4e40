/** Where a live connection stands: `live` only once the server's first (snapshot) event arrived. */
export type StreamStatus = 'connecting' | 'live' | 'reconnecting';

/** The part of the browser's EventSource this module uses (a fake in tests). */
export interface EventSourceLike {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
  onerror: ((event: Event) => void) | null;
}

export interface EventStreamOptions {
  /** Named events to listen for, each with its handler of the parsed JSON `data`. */
  handlers: Record<string, (data: unknown) => void>;
  /** The event that makes the stream `live` (its data is fresh: a snapshot). */
  liveOn: string;
  onStatus: (status: StreamStatus) => void;
  /** Creates the EventSource (default: the browser's, same-origin, so the session cookie goes along). */
  open?: (url: string) => EventSourceLike;
  /** Delay before opening again after the browser gave up (non-2xx answer, server gone): doubles up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  schedule?: (fn: () => void, ms: number) => () => void;
}

const CLOSED = 2;

/**
 * Keeps an EventSource open on `url`. The browser reconnects by itself after a dropped connection;
 * when it gives up (an error status such as 401/404/503, or no server), this opens a new one later,
 * with backoff. Returns the function that closes it for good.
 */
export function connectEventStream(url: string, opts: EventStreamOptions): () => void {
  const open = opts.open ?? ((u: string) => new EventSource(u) as EventSourceLike);
  const schedule =
    opts.schedule ??
    ((fn: () => void, ms: number) => {
      const t = setTimeout(fn, ms);
      return () => clearTimeout(t);
    });
  const base = opts.baseDelayMs ?? 2000;
  const max = opts.maxDelayMs ?? 60_000;
  let source: EventSourceLike | null = null;
  let cancelRetry: (() => void) | null = null;
  let failures = 0;
  let stopped = false;

  const start = () => {
    cancelRetry = null;
    if (stopped) return;
    const es = open(url);
    source = es;
    for (const [name, handle] of Object.entries(opts.handlers)) {
      es.addEventListener(name, (event) => {
        let data: unknown;
        try {
          data = JSON.parse(event.data) as unknown;
        } catch {
          // Not JSON: not an event of ours; the snapshot of the next connection corrects anything missed.
          return;
        }
        if (name === opts.liveOn) {
          failures = 0;
          opts.onStatus('live');
        }
        handle(data);
      });
    }
    es.onerror = () => {
      if (stopped || source !== es) return;
      opts.onStatus('reconnecting');
      if (es.readyState !== CLOSED) return; // the browser retries by itself
      es.close();
      failures++;
      cancelRetry = schedule(start, Math.min(max, base * 2 ** (failures - 1)));
    };
  };

  opts.onStatus('connecting');
  start();
  return () => {
    stopped = true;
    cancelRetry?.();
    source?.close();
    source = null;
  };
}
