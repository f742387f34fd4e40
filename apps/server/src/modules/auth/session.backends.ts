import { sql } from 'drizzle-orm';
import type { Config } from '@k8s-scheduler/config';
import type { Db } from '../../db/database';
import { AUTHZ_CHANNEL } from '../authz-cache/authz.invalidation';
import { createMemorySessionStore, hashSessionId, isFlowKey, type SessionStore } from './session.store';

/** Chooses the session backend from configuration (memory is the embedded default). */
export async function createSessionStore(
  config: Config,
  db: Db,
  onError: (err: unknown) => void,
): Promise<SessionStore> {
  switch (config.sessions.backend) {
    case 'memory':
      return createMemorySessionStore();
    case 'postgres': {
      const { createPostgresSessionStore } = await import('./session.postgres');
      return createPostgresSessionStore(db, onError);
    }
    case 'redis': {
      const { createRedisSessionStore } = await import('./session.redis');
      return announceSignOuts(await createRedisSessionStore(config.sessions.redisUrl ?? ''), db);
    }
  }
}

/**
 * A session destroyed in Redis (sign-out, rotation at sign-in) is announced on `authz_changed` as
 * `session:<hash>`, as the PostgreSQL backend's trigger does, so every replica drops its cached
 * copy at once instead of serving it until it ages out. Sign-in flow records are never cached.
 */
export function announceSignOuts(store: SessionStore, db: Db): SessionStore {
  return {
    ...store,
    async destroy(id) {
      await store.destroy(id);
      if (isFlowKey(id)) return;
      await db.execute(sql`select pg_notify(${AUTHZ_CHANNEL}, ${`session:${hashSessionId(id)}`})`);
    },
  };
}
