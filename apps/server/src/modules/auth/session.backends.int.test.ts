import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type Database } from '../../db/database';
import { createDatabase } from '../../../../../test/setup/services';
import { newSessionId, createMemorySessionStore, flowKey, type SessionStore } from './session.store';
import { createPostgresSessionStore } from './session.postgres';
import { createRedisSessionStore } from './session.redis';
import { withSessionCache } from './session.cached';
import { createAuthzCache } from '../authz-cache/authz.cache';

const data = { userId: randomUUID(), clientId: null, currentTeamId: null, createdAt: Date.now() };

describe.each(['memory', 'postgres', 'redis'] as const)('%s session store', (backend) => {
  let store: SessionStore;
  let db: Database | undefined;
  beforeAll(async () => {
    if (backend === 'memory') store = createMemorySessionStore();
    if (backend === 'postgres') {
      db = await openDatabase({
        kind: 'postgres',
        url: await createDatabase(inject('postgresUrl'), `s_${randomUUID().slice(0, 8)}`),
      });
      await db.migrate();
      store = createPostgresSessionStore(db.db, (err) => {
        throw err;
      });
    }
    if (backend === 'redis') store = await createRedisSessionStore(inject('redisUrl'));
  });
  afterAll(async () => {
    await store?.close();
    await db?.close();
  });

  it('stores, reads, updates and destroys a session', async () => {
    const id = newSessionId();
    expect(await store.get(id)).toBeNull();
    await store.set(id, data, 60);
    expect(await store.get(id)).toEqual(data);
    await store.set(id, { ...data, currentTeamId: 'team-1' }, 60);
    expect((await store.get(id))?.currentTeamId).toBe('team-1');
    await store.destroy(id);
    expect(await store.get(id)).toBeNull();
  });

  it('expires sessions', async () => {
    const id = newSessionId();
    await store.set(id, data, 1);
    await new Promise((r) => setTimeout(r, 1300));
    expect(await store.get(id)).toBeNull();
  });

  it('reports when a record expires (PostgreSQL, Redis: for the authorization cache)', async () => {
    if (!store.getEntry) {
      expect(backend).toBe('memory');
      return;
    }
    const id = newSessionId();
    expect(await store.getEntry(id)).toBeNull();
    await store.set(id, data, 60);
    const entry = await store.getEntry(id);
    expect(entry?.data).toEqual(data);
    expect(entry!.expiresAt).toBeGreaterThan(Date.now() + 55_000);
    expect(entry!.expiresAt).toBeLessThanOrEqual(Date.now() + 60_000);
  });

  it('behind the authorization cache: reads once, and a write or sign-out through it applies at once', async () => {
    const cache = createAuthzCache();
    const cached = withSessionCache(store, cache);
    if (backend === 'memory') {
      expect(cached).toBe(store); // already in-process
      return;
    }
    const id = newSessionId();
    await cached.set(id, data, 60);
    expect(await cached.get(id)).toEqual(data);
    // Changed behind its back (as another replica of the Redis backend would): the cached record is served.
    await store.set(id, { ...data, currentTeamId: 'elsewhere' }, 60);
    expect((await cached.get(id))?.currentTeamId).toBeNull();
    await cached.set(id, { ...data, currentTeamId: 'team-2' }, 60);
    expect((await cached.get(id))?.currentTeamId).toBe('team-2');
    await cached.destroy(id);
    expect(await cached.get(id)).toBeNull();
    expect(await store.get(id)).toBeNull();
  });

  it('behind the authorization cache: never caches a sign-in flow record', async () => {
    const cache = createAuthzCache();
    const cached = withSessionCache(store, cache);
    const id = flowKey(newSessionId());
    await cached.set(id, { ...data, userId: '', kind: 'oauth_flow', step: 1 }, 60);
    expect((await cached.get(id))?.step).toBe(1);
    await store.set(id, { ...data, userId: '', kind: 'oauth_flow', step: 2 }, 60);
    expect((await cached.get(id))?.step).toBe(2);
    expect(cache.size).toBe(0);
    await cached.destroy(id);
    expect(await cached.get(id)).toBeNull();
  });

  it('does not confuse two ids', async () => {
    const a = newSessionId();
    const b = newSessionId();
    await store.set(a, data, 60);
    expect(await store.get(b)).toBeNull();
  });
});
