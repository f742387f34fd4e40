import { authzKeys, type AuthzCache } from '../authz-cache/authz.cache';
import { hashSessionId, isFlowKey, type SessionStore } from './session.store';

/**
 * Session records of an out-of-process store (PostgreSQL, Redis) kept briefly in the authorization
 * cache (5 s, never past the record's own expiry). Writes and sign-outs through this process drop
 * the cached record at once; other replicas learn of sign-outs by the `authz_changed` notification
 * (the PostgreSQL backend's trigger, the Redis backend's explicit NOTIFY), while other changes of a
 * Redis session age out. Sign-in flow records are read once and never cached. The memory store is
 * returned as is.
 */
export function withSessionCache(store: SessionStore, cache: AuthzCache | null): SessionStore {
  const { getEntry } = store;
  if (!cache || !getEntry) return store;
  const key = (id: string) => authzKeys.session(hashSessionId(id));
  return {
    async get(id) {
      if (isFlowKey(id)) return store.get(id);
      const data = await cache.get(
        key(id),
        async () => {
          const entry = await getEntry(id);
          return entry && { value: entry.data, userId: entry.data.userId, expiresAt: entry.expiresAt };
        },
        'session',
      );
      // Callers may keep and extend what they get; the cached record stays as stored.
      return data && { ...data };
    },
    getEntry,
    async set(id, data, ttlSeconds) {
      cache.evict(key(id));
      try {
        await store.set(id, data, ttlSeconds);
      } finally {
        cache.evict(key(id));
      }
    },
    async destroy(id) {
      cache.evict(key(id));
      try {
        await store.destroy(id);
      } finally {
        cache.evict(key(id));
      }
    },
    close: () => store.close(),
  };
}
