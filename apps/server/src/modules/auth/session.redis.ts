import { Redis } from 'ioredis';
import { hashSessionId, type SessionData, type SessionStore } from './session.store';

const PREFIX = 'ks:sess:';

/** Sessions in Redis with native expiry: shared by every server replica. */
export async function createRedisSessionStore(url: string): Promise<SessionStore> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: false });
  await redis.connect();
  const key = (id: string) => PREFIX + hashSessionId(id);
  return {
    async get(id) {
      const raw = await redis.get(key(id));
      return raw ? (JSON.parse(raw) as SessionData) : null;
    },
    async set(id, data, ttlSeconds) {
      await redis.set(key(id), JSON.stringify(data), 'EX', Math.max(1, Math.round(ttlSeconds)));
    },
    async destroy(id) {
      await redis.del(key(id));
    },
    async close() {
      await redis.quit();
    },
  };
}
