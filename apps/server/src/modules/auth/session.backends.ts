import type { Config } from '../../config/config';
import type { Db } from '../../db/database';
import { createMemorySessionStore, type SessionStore } from './session.store';

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
      return createRedisSessionStore(config.sessions.redisUrl ?? '');
    }
  }
}
