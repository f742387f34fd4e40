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
    async getEntry(id) {
      // Value and remaining lifetime in one round trip.
      const replies = (await redis.multi().get(key(id)).pttl(key(id)).exec()) ?? [];
      const failed = replies.find(([err]) => err)?.[0];
      if (failed) throw failed;
      const raw = replies[0]?.[1];
      const ttlMs = replies[1]?.[1];
      // pttl: -2 when the key is gone, -1 without expiry (never written so here).
      if (typeof raw !== 'string' || typeof ttlMs !== 'number' || ttlMs < 0) return null;
      return { data: JSON.parse(raw) as SessionData, expiresAt: Date.now() + ttlMs };
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
