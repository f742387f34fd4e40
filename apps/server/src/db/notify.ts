import type { Logger } from 'pino';
import type { Database } from './database';

/** What a subscriber of a channel is told. */
export interface ChannelHandlers {
  /** Called with the payload of every NOTIFY on the channel (in the order the database sends them). */
  onNotify(payload: string): void;
  /**
   * Called after the listening connection was lost and is listening again: notifications sent in
   * between are lost, so whatever depends on them must be reloaded.
   */
  onResync?(): void;
}

/**
 * LISTEN on PostgreSQL channels over one dedicated connection per process (node-postgres), or on
 * PGlite's single in-process connection. Channels are shared: many subscribers, one LISTEN.
 */
export interface PgListener {
  /** Subscribes to `channel` (lower-case identifier); resolves once listening (or once the first connection attempt failed — it keeps retrying). */
  listen(channel: string, handlers: ChannelHandlers): Promise<() => Promise<void>>;
  /** Whether notifications are being received right now. */
  connected(): boolean;
  /**
   * Treats the connection as lost (it may be half-open: e.g. a notification that should have come
   * did not): drops it and reconnects; subscribers are told to resync once listening again.
   */
  reconnect(reason: string): void;
  close(): Promise<void>;
}

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

/** The application_name of the listening connection (visible in pg_stat_activity). */
export const LISTENER_APPLICATION_NAME = 'k8s-scheduler-listen';

/**
 * Opens the listener of a database: PGlite listens on its own client; PostgreSQL gets a dedicated
 * connection (a pooled one could be handed to someone else and lose its LISTENs) that reconnects
 * with backoff and tells subscribers to resync when it is back.
 */
export function createPgListener(opts: {
  database: Database;
  /** DATABASE_URL when the database is PostgreSQL. */
  url: string | null;
  logger: Logger;
  /** How often the idle connection is checked (default 30 s). */
  pingMs?: number;
  /** A check unanswered this long means the connection is half-open: it is dropped (default 5 s). */
  pingTimeoutMs?: number;
}): PgListener {
  if (opts.database.kind === 'pglite') return pgliteListener(opts.database);
  if (!opts.url) throw new Error('a PostgreSQL listener needs the database URL');
  return postgresListener(opts.url, opts.logger.child({ component: 'pg-listen' }), {
    pingMs: opts.pingMs ?? 30_000,
    pingTimeoutMs: opts.pingTimeoutMs ?? 5000,
  });
}

/**
 * Runs `check` unless the previous one is still outstanding, and calls `onLost` when a check fails
 * or has not settled within `timeoutMs`. Exported for its unit test.
 */
export function createPinger(check: () => Promise<unknown>, timeoutMs: number, onLost: (err: Error) => void) {
  let outstanding = false;
  return {
    /** Starts a check; false when one is still outstanding (nothing started). */
    ping(): boolean {
      if (outstanding) return false;
      outstanding = true;
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`listener ping unanswered after ${timeoutMs} ms`)),
          timeoutMs,
        );
      });
      Promise.race([check(), expired])
        .catch((err: unknown) => onLost(err instanceof Error ? err : new Error(String(err))))
        .finally(() => {
          clearTimeout(timer);
          outstanding = false;
        });
      return true;
    },
    get outstanding() {
      return outstanding;
    },
  };
}

function assertChannel(channel: string) {
  if (!CHANNEL.test(channel)) throw new Error(`invalid channel name ${channel}`);
}

interface PgliteLike {
  listen(channel: string, cb: (payload: string) => void): Promise<() => Promise<void>>;
}

function isPgliteLike(value: unknown): value is PgliteLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { listen?: unknown }).listen === 'function'
  );
}

function pgliteListener(database: Database): PgListener {
  // Drizzle keeps its driver client as `$client`; for PGlite that is the in-process database itself.
  const client = (database.db as unknown as { $client?: unknown }).$client;
  if (!isPgliteLike(client)) throw new Error('the PGlite client does not support LISTEN');
  const unlisteners = new Set<() => Promise<void>>();
  return {
    async listen(channel, handlers) {
      assertChannel(channel);
      const stop = await client.listen(channel, (payload) => handlers.onNotify(payload));
      const off = async () => {
        if (!unlisteners.delete(off)) return;
        await stop();
      };
      unlisteners.add(off);
      return off;
    },
    connected: () => true,
    // In process: there is no connection that could be lost.
    reconnect: () => undefined,
    async close() {
      for (const off of [...unlisteners]) await off();
    },
  };
}

function postgresListener(
  url: string,
  logger: Logger,
  timing: { pingMs: number; pingTimeoutMs: number },
): PgListener {
  type PgClient = import('pg').Client;
  const channels = new Map<string, Set<ChannelHandlers>>();
  let client: PgClient | null = null;
  /** Channels LISTENed on `client` (a new connection starts with none). */
  let listening = new Set<string>();
  let closed = false;
  let attempts = 0;
  let failures = 0;
  let retryTimer: NodeJS.Timeout | null = null;
  let pingTimer: NodeJS.Timeout | null = null;
  let attempt: Promise<void> | null = null;

  const quote = (channel: string) => `"${channel}"`;

  /**
   * Drops `which` and reconnects. `hard`: the connection may be half-open (unanswered ping, missing
   * notification), where a polite `end()` would wait for an answer that never comes, so its socket
   * is destroyed as well.
   */
  function lost(which: PgClient, err?: unknown, hard = false) {
    if (client !== which) return;
    client = null;
    if (pingTimer) clearInterval(pingTimer);
    pingTimer = null;
    which
      .end()
      .catch((endErr: unknown) => logger.debug({ err: endErr }, 'closing a lost listener connection failed'));
    if (hard)
      (which as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
    if (closed) return;
    logger.warn({ err }, 'database listener connection lost; reconnecting');
    schedule();
  }

  function schedule() {
    if (closed || retryTimer) return;
    failures++;
    const delay = Math.min(30_000, 250 * 2 ** Math.min(failures, 7));
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, delay);
  }

  function connect(): Promise<void> {
    attempt ??= open().finally(() => {
      attempt = null;
    });
    return attempt;
  }

  async function open(): Promise<void> {
    attempts++;
    const { default: pg } = await import('pg');
    const next = new pg.Client({
      connectionString: url,
      application_name: LISTENER_APPLICATION_NAME,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      connectionTimeoutMillis: 5000,
    });
    next.on('error', (err) => lost(next, err));
    next.on('end', () => lost(next));
    next.on('notification', (msg) => {
      for (const h of channels.get(msg.channel) ?? []) h.onNotify(msg.payload ?? '');
    });
    const listened = new Set<string>();
    try {
      await next.connect();
      for (const channel of channels.keys()) {
        await next.query(`LISTEN ${quote(channel)}`);
        listened.add(channel);
      }
    } catch (err) {
      logger.warn({ err }, 'database listener could not connect; retrying');
      next.removeAllListeners('end');
      await next
        .end()
        .catch((endErr: unknown) =>
          logger.debug({ err: endErr }, 'closing a failed listener connection failed'),
        );
      schedule();
      return;
    }
    if (closed) {
      await next.end();
      return;
    }
    client = next;
    listening = listened;
    failures = 0;
    // A connection that died without a FIN shows up here (no answer in time); its replacement
    // resyncs the subscribers. A ping still outstanding is not joined by another.
    const pinger = createPinger(
      () => next.query('select 1'),
      timing.pingTimeoutMs,
      (err) => lost(next, err, true),
    );
    pingTimer = setInterval(() => pinger.ping(), timing.pingMs);
    pingTimer.unref();
    // Anything but a first attempt that worked may have missed notifications (lost connection, or
    // subscribers that came while the database could not be reached).
    if (attempts > 1) {
      logger.info('database listener reconnected');
      for (const set of channels.values()) for (const h of set) h.onResync?.();
    }
  }

  return {
    async listen(channel, handlers) {
      assertChannel(channel);
      let set = channels.get(channel);
      if (!set) channels.set(channel, (set = new Set()));
      set.add(handlers);
      // While the database is away the next connection LISTENs on every channel and resyncs.
      if (!client && !retryTimer) await connect();
      // A connection made before this channel was added does not listen on it yet.
      const current = client;
      if (current && !listening.has(channel)) {
        listening.add(channel);
        await current.query(`LISTEN ${quote(channel)}`);
      }
      return async () => {
        const subscribers = channels.get(channel);
        if (!subscribers?.delete(handlers) || subscribers.size > 0) return;
        channels.delete(channel);
        if (client && listening.delete(channel)) await client.query(`UNLISTEN ${quote(channel)}`);
      };
    },
    connected: () => client !== null,
    reconnect(reason) {
      if (client) lost(client, new Error(reason), true);
    },
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      if (pingTimer) clearInterval(pingTimer);
      await attempt;
      const c = client;
      client = null;
      channels.clear();
      if (c) await c.end();
    },
  };
}
