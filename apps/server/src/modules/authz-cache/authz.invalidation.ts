import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database } from '../../db/database';
import type { PgListener } from '../../db/notify';
import { authzKeys, createAuthzCache, type AuthzCache, type AuthzCacheOptions } from './authz.cache';

/** The channel the triggers of migration 0003_authz_notify announce changes on. */
export const AUTHZ_CHANNEL = 'authz_changed';

export interface AuthzRuntime {
  cache: AuthzCache;
  /**
   * Resolves once every change committed before the call has reached this process's cache. The
   * auth plugin awaits it before answering a state-changing request, so the next request (of any
   * user) sees what that request changed (read-your-writes within a replica).
   */
  sync(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The authorization cache, invalidated by the database: triggers `pg_notify('authz_changed', …)`
 * on every change of a user, membership, client admin, API key or session (migration
 * 0003_authz_notify), and this process LISTENs on the shared listener connection. Why this design:
 * the triggers see every writer (API, CLI, another replica, direct SQL) without edits in the
 * modules that write, and NOTIFY reaches every replica at commit. PGlite runs the same triggers
 * and delivers notifications in-process when the committing query returns.
 *
 * While the listener is down the cache is bypassed (notifications would be missed); when it is
 * back, everything is flushed. A TTL (30 s) and an LRU bound remain as safety nets.
 *
 * Deployment note: LISTEN needs a session, so DATABASE_URL must reach PostgreSQL directly or through
 * a session-mode pooler (not PgBouncer's transaction mode). Were notifications silently lost, every
 * `sync` would time out, warn and reconnect the listener, which makes the misconfiguration visible
 * in the log.
 */
export async function startAuthzCache(opts: {
  database: Database;
  listener: PgListener;
  logger: Logger;
  cache?: Omit<AuthzCacheOptions, 'active'>;
  /** How long `sync` waits for its own notification before treating the listener as lost (default 2 s). */
  syncTimeoutMs?: number;
}): Promise<AuthzRuntime> {
  const { database, listener, logger } = opts;
  const cache = createAuthzCache({ ...opts.cache, active: () => listener.connected() });
  const syncPrefix = `sync:${randomUUID()}:`;
  const waiting = new Map<string, () => void>();
  let sequence = 0;

  const stop = await listener.listen(AUTHZ_CHANNEL, {
    onNotify(payload) {
      if (payload.startsWith('sync:')) waiting.get(payload)?.();
      else if (payload === '*') cache.flush();
      else if (payload.startsWith('session:'))
        cache.evict(authzKeys.session(payload.slice('session:'.length)));
      else cache.evictUser(payload);
    },
    onResync() {
      cache.flush();
    },
  });

  return {
    cache,
    async sync() {
      // PGlite delivers a commit's notifications before the committing query returns; a listener
      // that is down means the cache is bypassed anyway.
      if (database.kind === 'pglite' || !listener.connected()) return;
      // Notifications of different transactions arrive in commit order: once our own arrives,
      // everything committed before it has been applied.
      const token = `${syncPrefix}${++sequence}`;
      let timer: NodeJS.Timeout | undefined;
      const arrived = new Promise<boolean>((resolve) => {
        waiting.set(token, () => resolve(true));
        timer = setTimeout(() => resolve(false), opts.syncTimeoutMs ?? 2000);
      });
      try {
        await database.db.execute(sql`select pg_notify(${AUTHZ_CHANNEL}, ${token})`);
        if (!(await arrived)) {
          // Our own notification did not come back: the listening connection cannot be trusted
          // (half-open, or notifications are being lost). Treat it as lost: the cache is bypassed
          // at once and flushed when listening again, rather than flushed on every write.
          logger.warn(
            'authorization cache: a sync notification did not arrive in time; reconnecting the listener',
          );
          listener.reconnect('sync notification timed out');
        }
      } catch (err) {
        // The change itself is committed; what cannot be confirmed is dropped instead.
        logger.warn({ err }, 'authorization cache: sync failed; flushed the cache');
        cache.flush();
      } finally {
        clearTimeout(timer);
        waiting.delete(token);
      }
    },
    async close() {
      await stop();
      cache.flush();
    },
  };
}
