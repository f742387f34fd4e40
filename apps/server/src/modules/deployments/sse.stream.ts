import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';

export interface SseOptions {
  /** Comment line sent while nothing happens, so proxies keep the connection (default 15 s). */
  heartbeatMs?: number;
  /** The client's reconnect delay (`retry:`), in ms (default 3 s). */
  retryMs?: number;
  /**
   * The stream ends after this long (default 10 min) and the browser reconnects by itself: the
   * caller's session and roles are then checked afresh, as on any request.
   */
  maxAgeMs?: number;
  /** A client that reads slower than events come is cut off past this many buffered bytes (default 1 MiB). */
  maxBufferedBytes?: number;
}

export interface SseStream {
  /** Writes one event (`event:` name, JSON `data:`); false when the stream has ended. */
  send(event: string, data: unknown): boolean;
  end(): void;
  readonly ended: boolean;
  /** Resolves when the response is over (client gone, ended, or cut off). */
  readonly done: Promise<void>;
}

/**
 * Starts a `text/event-stream` response through Fastify (its hooks still set the usual headers).
 * The caller has authorized the request already: any error status must be sent before this.
 */
export function startSse(reply: FastifyReply, opts: SseOptions = {}): SseStream {
  const body = new PassThrough();
  let ended = false;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((r) => {
    resolveDone = r;
  });
  const timers: NodeJS.Timeout[] = [];

  function end() {
    if (ended) return;
    ended = true;
    for (const t of timers) clearInterval(t);
    body.end();
  }
  function finish() {
    end();
    resolveDone();
  }

  function write(chunk: string): boolean {
    if (ended) return false;
    body.write(chunk);
    if (body.writableLength > (opts.maxBufferedBytes ?? 1024 * 1024)) {
      reply.log.warn('event stream client too slow; ending the stream');
      end();
      return false;
    }
    return true;
  }

  reply.raw.on('close', finish);
  body.on('close', finish);
  timers.push(setInterval(() => write(': keep-alive\n\n'), opts.heartbeatMs ?? 15_000));
  timers.push(setTimeout(end, opts.maxAgeMs ?? 10 * 60_000));

  reply
    .code(200)
    .header('content-type', 'text/event-stream; charset=utf-8')
    .header('cache-control', 'no-cache, no-transform')
    // Reverse proxies (nginx) must pass events on at once rather than buffer them.
    .header('x-accel-buffering', 'no')
    .send(body);
  write(`retry: ${opts.retryMs ?? 3000}\n\n`);

  return {
    send(event, data) {
      // JSON.stringify never emits a raw newline, so the payload is one `data:` line.
      return write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end,
    get ended() {
      return ended;
    },
    done,
  };
}
