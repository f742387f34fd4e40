/**
 * In-process cache of what every authenticated request re-reads: the user row, the user's roles,
 * API key lookups and (for the PostgreSQL/Redis backends) session records.
 *
 * Correctness before speed:
 * - Every entry belongs to one user; `evictUser` drops all of them at once (a removed member, a
 *   lowered role, a revoked key, a deleted user). The database announces such changes (see
 *   authz.invalidation.ts), so this works across replicas and whichever code made the change.
 * - A load that was running while anything was evicted is not stored (its result may predate the
 *   change): every eviction bumps a generation number that loads compare against.
 * - While invalidations may be missed (`active()` false: the listening connection is down) nothing
 *   is served from or stored in the cache.
 * - A TTL bounds how long any entry is trusted without a notification, and an LRU bound its size.
 */

/** What a loader hands to the cache: the value, the user it belongs to and, optionally, when it expires. */
export interface Loaded<T> {
  value: T;
  userId: string;
  /** Epoch ms after which the value is void anyway (a session's or API key's own expiry). */
  expiresAt?: number | undefined;
}

export type EntryKind = 'default' | 'session';

export interface AuthzCacheOptions {
  /** Safety net: how long an entry is trusted without any notification (default 30 s). */
  ttlMs?: number;
  /** Session records (default 5 s): the Redis session backend announces no changes. */
  sessionTtlMs?: number;
  /** Bound on the number of entries; the least recently used go first (default 10 000). */
  maxEntries?: number;
  /** Whether invalidations are being received; when false the cache is bypassed (default: always). */
  active?: () => boolean;
  now?: () => number;
}

export interface AuthzCache {
  /**
   * The cached value of `key`, or what `load` returns (stored unless null). Concurrent misses of
   * one key share one load.
   */
  get<T>(key: string, load: () => Promise<Loaded<T> | null>, kind?: EntryKind): Promise<T | null>;
  /** Drops every entry of a user (row, roles, API keys, sessions). */
  evictUser(userId: string): void;
  /** Drops one entry. */
  evict(key: string): void;
  /** Drops everything. */
  flush(): void;
  /** Number of entries (for tests and metrics). */
  readonly size: number;
}

/** Cache keys of the four kinds of entries. */
export const authzKeys = {
  user: (userId: string) => `u:${userId}`,
  roles: (userId: string) => `r:${userId}`,
  /** Per client: a key counts only on its owner's client's hosts, and is looked up for one client. */
  apiKey: (tokenHash: string, clientId: string | null = null) => `k:${clientId ?? '-'}:${tokenHash}`,
  session: (idHash: string) => `s:${idHash}`,
};

interface Entry {
  value: unknown;
  userId: string;
  expiresAt: number;
}

export function createAuthzCache(opts: AuthzCacheOptions = {}): AuthzCache {
  const ttl: Record<EntryKind, number> = {
    default: opts.ttlMs ?? 30_000,
    session: opts.sessionTtlMs ?? 5_000,
  };
  const max = opts.maxEntries ?? 10_000;
  const active = opts.active ?? (() => true);
  const now = opts.now ?? Date.now;
  // A Map iterates in insertion order: re-inserting on a hit makes the first key the least recently used.
  const entries = new Map<string, Entry>();
  const byUser = new Map<string, Set<string>>();
  const inflight = new Map<string, Promise<unknown>>();
  let generation = 0;

  function remove(key: string) {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    const keys = byUser.get(entry.userId);
    keys?.delete(key);
    if (keys?.size === 0) byUser.delete(entry.userId);
  }

  function store(key: string, entry: Entry) {
    remove(key);
    entries.set(key, entry);
    let keys = byUser.get(entry.userId);
    if (!keys) byUser.set(entry.userId, (keys = new Set()));
    keys.add(key);
    while (entries.size > max) {
      const oldest = entries.keys().next();
      if (oldest.done) break;
      remove(oldest.value);
    }
  }

  /** After any eviction: loads in flight may have read the old state, so they must not be stored or joined. */
  function invalidated() {
    generation++;
    inflight.clear();
  }

  return {
    async get<T>(key: string, load: () => Promise<Loaded<T> | null>, kind: EntryKind = 'default') {
      if (!active()) return (await load())?.value ?? null;
      const hit = entries.get(key);
      if (hit) {
        if (hit.expiresAt > now()) {
          entries.delete(key);
          entries.set(key, hit);
          return hit.value as T;
        }
        remove(key);
      }
      const joined = inflight.get(key) as Promise<T | null> | undefined;
      if (joined) return joined;
      const startedAt = now();
      const startedIn = generation;
      const loading: Promise<T | null> = load().then(
        (loaded) => {
          if (inflight.get(key) === loading) inflight.delete(key);
          if (!loaded) return null;
          if (startedIn === generation && active()) {
            const expiresAt = Math.min(startedAt + ttl[kind], loaded.expiresAt ?? Number.POSITIVE_INFINITY);
            store(key, { value: loaded.value, userId: loaded.userId, expiresAt });
          }
          return loaded.value;
        },
        (err: unknown) => {
          if (inflight.get(key) === loading) inflight.delete(key);
          throw err;
        },
      );
      inflight.set(key, loading);
      return loading;
    },
    evictUser(userId) {
      for (const key of [...(byUser.get(userId) ?? [])]) remove(key);
      invalidated();
    },
    evict(key) {
      remove(key);
      invalidated();
    },
    flush() {
      entries.clear();
      byUser.clear();
      invalidated();
    },
    get size() {
      return entries.size;
    },
  };
}
