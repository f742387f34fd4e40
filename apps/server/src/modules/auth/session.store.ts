import { createHash, randomBytes } from 'node:crypto';

/** What a server-side session holds. Never secrets: the id itself is the only credential. */
export interface SessionData {
  userId: string;
  /** The white-label client whose host the session was created on (null: direct platform). */
  clientId: string | null;
  currentTeamId: string | null;
  createdAt: number;
  [k: string]: unknown;
}

export interface SessionStore {
  get(id: string): Promise<SessionData | null>;
  /** The record with its expiry (epoch ms); stores outside the process have it, for the cache. */
  getEntry?(id: string): Promise<{ data: SessionData; expiresAt: number } | null>;
  set(id: string, data: SessionData, ttlSeconds: number): Promise<void>;
  destroy(id: string): Promise<void>;
  close(): Promise<void>;
}

/** What kind of record a sign-in flow (see the session manager's saveFlow) is stored as. */
export const FLOW_KIND = 'oauth_flow';
/** The store key of a sign-in flow record: never a session id, never cached (read once, then destroyed). */
export const flowKey = (id: string) => `${FLOW_KIND}.${id}`;
export const isFlowKey = (key: string) => key.startsWith(`${FLOW_KIND}.`);

/** A new unguessable session id (256 bits). */
export const newSessionId = () => randomBytes(32).toString('base64url');

/** Stores key sessions by a hash of the id so a leaked store does not yield usable cookies. */
export const hashSessionId = (id: string) => createHash('sha256').update(id).digest('hex');

/** In-process sessions: the embedded default. Lost on restart; not shared between replicas. */
export function createMemorySessionStore(now: () => number = Date.now): SessionStore {
  const map = new Map<string, { data: SessionData; expiresAt: number }>();
  const sweep = setInterval(() => {
    const t = now();
    for (const [k, v] of map) if (v.expiresAt <= t) map.delete(k);
  }, 60_000);
  sweep.unref();
  return {
    async get(id) {
      const key = hashSessionId(id);
      const entry = map.get(key);
      if (!entry) return null;
      if (entry.expiresAt <= now()) {
        map.delete(key);
        return null;
      }
      return structuredClone(entry.data);
    },
    async set(id, data, ttlSeconds) {
      map.set(hashSessionId(id), { data: structuredClone(data), expiresAt: now() + ttlSeconds * 1000 });
    },
    async destroy(id) {
      map.delete(hashSessionId(id));
    },
    async close() {
      clearInterval(sweep);
      map.clear();
    },
  };
}
