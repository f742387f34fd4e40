import { eq, lt } from 'drizzle-orm';
import type { Db } from '../../db/database';
import { sessions } from './auth.schema';
import { hashSessionId, type SessionStore } from './session.store';

/** Sessions in the platform database: survives restarts and is shared by every server replica. */
export function createPostgresSessionStore(
  db: Db,
  onSweepError: (err: unknown) => void,
  now: () => Date = () => new Date(),
): SessionStore {
  let running: Promise<unknown> = Promise.resolve();
  const sweep = setInterval(() => {
    // Expired rows are ignored on read; the sweep only keeps the table small.
    running = db.delete(sessions).where(lt(sessions.expiresAt, now())).catch(onSweepError);
  }, 10 * 60_000);
  sweep.unref();
  async function getEntry(id: string) {
    const [row] = await db
      .select({ data: sessions.data, expiresAt: sessions.expiresAt })
      .from(sessions)
      .where(eq(sessions.idHash, hashSessionId(id)));
    if (!row || row.expiresAt <= now()) return null;
    return { data: row.data, expiresAt: row.expiresAt.getTime() };
  }
  return {
    async get(id) {
      return (await getEntry(id))?.data ?? null;
    },
    getEntry,
    async set(id, data, ttlSeconds) {
      const expiresAt = new Date(now().getTime() + ttlSeconds * 1000);
      await db
        .insert(sessions)
        .values({ idHash: hashSessionId(id), data, expiresAt })
        .onConflictDoUpdate({ target: sessions.idHash, set: { data, expiresAt } });
    },
    async destroy(id) {
      await db.delete(sessions).where(eq(sessions.idHash, hashSessionId(id)));
    },
    async close() {
      clearInterval(sweep);
      await running;
    },
  };
}
