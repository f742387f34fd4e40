import http from 'node:http';

export interface SseEvent {
  event: string;
  data: unknown;
}

/** A real HTTP client of an event stream (tests): collects events, waits for the ones it needs. */
export interface SseClient {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Every event received so far (comments and `retry:` lines are not events). */
  events: SseEvent[];
  /** The raw `retry:` value, once seen. */
  retry: number | null;
  /** Resolves with the first event (from `from` on) matching; rejects after `timeoutMs`. */
  next(match: (e: SseEvent) => boolean, opts?: { timeoutMs?: number; from?: number }): Promise<SseEvent>;
  /** Resolves when the server ends the response. */
  ended: Promise<void>;
  /** The whole body of a response that is not a stream (a problem). */
  body(): Promise<string>;
  /** Stops reading (the server's writes then back up). */
  pause(): void;
  close(): void;
}

/** Opens `path` on `base` (http://127.0.0.1:port) with `headers` (cookie, host) and starts reading events. */
export function openSse(base: string, path: string, headers: Record<string, string>): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      new URL(path, base),
      { headers: { accept: 'text/event-stream', ...headers } },
      (res) => {
        res.setEncoding('utf8');
        const events: SseEvent[] = [];
        const waiters = new Set<() => void>();
        let buffer = '';
        let raw = '';
        let retry: number | null = null;
        const ended = new Promise<void>((r) => {
          res.on('close', () => r());
        });
        const streaming = String(res.headers['content-type'] ?? '').startsWith('text/event-stream');
        res.on('data', (chunk: string) => {
          raw += chunk;
          if (!streaming) return;
          buffer += chunk;
          let i: number;
          while ((i = buffer.indexOf('\n\n')) !== -1) {
            const block = buffer.slice(0, i);
            buffer = buffer.slice(i + 2);
            let event = 'message';
            const data: string[] = [];
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) continue;
              const [field, ...rest] = line.split(':');
              const value = rest.join(':').replace(/^ /, '');
              if (field === 'event') event = value;
              else if (field === 'data') data.push(value);
              else if (field === 'retry') retry = Number(value);
            }
            if (data.length) events.push({ event, data: JSON.parse(data.join('\n')) as unknown });
            for (const w of [...waiters]) w();
          }
        });
        const client: SseClient = {
          status: res.statusCode ?? 0,
          headers: res.headers,
          events,
          get retry() {
            return retry;
          },
          next(match, opts = {}) {
            const from = opts.from ?? 0;
            return new Promise((ok, fail) => {
              const check = () => {
                const found = events.slice(from).find(match);
                if (!found) return false;
                waiters.delete(check);
                clearTimeout(timer);
                ok(found);
                return true;
              };
              const timer = setTimeout(() => {
                waiters.delete(check);
                fail(
                  new Error(
                    `no matching event within ${opts.timeoutMs ?? 2000} ms; got ${JSON.stringify(events.map((e) => e.event))}`,
                  ),
                );
              }, opts.timeoutMs ?? 2000);
              if (!check()) waiters.add(check);
            });
          },
          ended,
          body: async () => {
            await ended;
            return raw;
          },
          pause: () => res.pause(),
          close: () => req.destroy(),
        };
        resolve(client);
      },
    );
    req.on('error', (err) => {
      // Closing the client on purpose aborts the request; that is not a failure.
      if ((err as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(err);
    });
  });
}
