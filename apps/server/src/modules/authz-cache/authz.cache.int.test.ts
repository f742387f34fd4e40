import { and, eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { Db } from '../../db/database';
import { LISTENER_APPLICATION_NAME } from '../../db/notify';
import { orgMembers, teamMembers, users } from '../../db/schema';
import { startTestPlatform, type TestPlatform } from '../../../test/harness';
import { buildOrg, type Actor, type Tenant } from '../../../test/authz/factories';

const status = async (t: TestPlatform, url: string, headers: Record<string, string>) =>
  (await t.app.inject({ url, headers })).statusCode;

/** Polls until `url` answers `expected`; returns how long that took. Changes of other writers arrive by NOTIFY. */
async function eventually(t: TestPlatform, url: string, headers: Record<string, string>, expected: number) {
  const started = performance.now();
  let last = 0;
  while (performance.now() - started < 3000) {
    last = await status(t, url, headers);
    if (last === expected) return performance.now() - started;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`${url} still answers ${last}, expected ${expected}`);
}

/** A change the triggers do not announce (replica mode): only the cache can hide it. */
async function silently(db: Db, change: (tx: Db) => Promise<unknown>) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await change(tx as unknown as Db);
  });
}

const writeHeaders = (actor: Actor) => actor.headers;
const teamUrl = (a: Tenant) => `/api/teams/${a.team.id}`;
const auditUrl = (a: Tenant) => `/api/orgs/${a.org.id}/audit`;

async function createKey(t: TestPlatform, owner: Actor) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/me/api-keys',
    headers: owner.headers,
    payload: { name: 'cache', scopes: ['teams:read'] },
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; token: string };
}

describe.each(['pglite', 'postgres'] as const)('authorization cache on %s', (db) => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform({ db });
  });
  afterAll(async () => t?.close());

  it('serves repeated requests from the cache; only database-announced changes evict it', async () => {
    const a = await buildOrg(t);
    const dev = a.as.developer;
    expect(await status(t, teamUrl(a), dev.headers)).toBe(200);
    // Removed behind the triggers' back: the cached roles still grant access, so they were not re-read.
    await silently(t.platform.database.db, (tx) =>
      tx.delete(teamMembers).where(and(eq(teamMembers.userId, dev.id), eq(teamMembers.teamId, a.team.id))),
    );
    await silently(t.platform.database.db, (tx) =>
      tx.delete(orgMembers).where(eq(orgMembers.userId, dev.id)),
    );
    expect(await status(t, teamUrl(a), dev.headers)).toBe(200);
    // Any announced change of the user evicts everything cached for them.
    await t.platform.database.db.update(users).set({ name: 'Renamed' }).where(eq(users.id, dev.id));
    await t.syncAuthz();
    expect(await status(t, teamUrl(a), dev.headers)).toBe(404);
  });

  it('refuses a removed member at once', async () => {
    const a = await buildOrg(t);
    const dev = a.as.developer;
    expect(await status(t, teamUrl(a), dev.headers)).toBe(200);
    expect(await status(t, teamUrl(a), dev.headers)).toBe(200);
    const removed = await t.app.inject({
      method: 'DELETE',
      url: `/api/orgs/${a.org.id}/members/${dev.id}`,
      headers: writeHeaders(a.as.org_owner),
    });
    expect(removed.statusCode).toBe(204);
    expect(await status(t, teamUrl(a), dev.headers)).toBe(404);
  });

  it('takes the rights of a lowered role at once', async () => {
    const a = await buildOrg(t);
    const admin = a.as.org_admin;
    expect(await status(t, auditUrl(a), admin.headers)).toBe(200);
    const lowered = await t.app.inject({
      method: 'PATCH',
      url: `/api/orgs/${a.org.id}/members/${admin.id}`,
      headers: writeHeaders(a.as.org_owner),
      payload: { role: 'org_member' },
    });
    expect(lowered.statusCode).toBe(200);
    expect(await status(t, auditUrl(a), admin.headers)).toBe(403);
  });

  it('voids a revoked API key at once', async () => {
    const a = await buildOrg(t);
    const key = await createKey(t, a.as.org_owner);
    const bearer = { authorization: `Bearer ${key.token}` };
    expect(await status(t, `/api/orgs/${a.org.id}/teams`, bearer)).toBe(200);
    expect(await status(t, `/api/orgs/${a.org.id}/teams`, bearer)).toBe(200);
    const revoked = await t.app.inject({
      method: 'DELETE',
      url: `/api/me/api-keys/${key.id}`,
      headers: writeHeaders(a.as.org_owner),
    });
    expect(revoked.statusCode).toBe(204);
    expect(await status(t, `/api/orgs/${a.org.id}/teams`, bearer)).toBe(401);
  });

  it('signs out a user deleted by direct SQL, and their API keys stop working', async () => {
    const a = await buildOrg(t);
    const viewer = a.as.viewer;
    const key = await createKey(t, viewer);
    const bearer = { authorization: `Bearer ${key.token}` };
    expect(await status(t, '/api/me', viewer.headers)).toBe(200);
    expect(await status(t, '/api/me', bearer)).toBe(200);
    await t.platform.database.db.delete(users).where(eq(users.id, viewer.id));
    await t.syncAuthz();
    expect(await status(t, '/api/me', viewer.headers)).toBe(401);
    expect(await status(t, '/api/me', bearer)).toBe(401);
  });

  it('syncs only successful writes of a signed-in caller, sign-in and sign-out; not anonymous requests or refusals', async () => {
    const a = await buildOrg(t);
    const owner = a.as.org_owner;
    const sync = vi.spyOn(t.platform.authz, 'sync');
    try {
      const post = (headers: Record<string, string>, payload: unknown, url = '/api/me/api-keys') =>
        t.app.inject({ method: 'POST', url, headers, payload: payload as Record<string, unknown> });
      expect(
        (await post({ 'x-requested-with': 'k8s-scheduler' }, { name: 'x', scopes: ['teams:read'] }))
          .statusCode,
      ).toBe(401);
      expect((await post(owner.headers, { name: '', scopes: ['nope'] })).statusCode).toBe(400);
      expect(sync).not.toHaveBeenCalled();
      expect((await post(owner.headers, { name: 'ok', scopes: ['teams:read'] })).statusCode).toBe(201);
      expect(sync).toHaveBeenCalledTimes(1);
      const signedIn = await post(
        { 'x-requested-with': 'k8s-scheduler' },
        { email: `sync-${a.org.id}@example.com` },
        '/dev/login',
      );
      expect(signedIn.statusCode).toBe(200);
      expect(sync).toHaveBeenCalledTimes(2);
      const cookie = signedIn.cookies.find((c) => c.name === 'ks_session');
      const out = await post(
        { 'x-requested-with': 'k8s-scheduler', cookie: `ks_session=${cookie?.value ?? ''}` },
        undefined,
        '/logout',
      );
      expect(out.statusCode).toBe(204);
      expect(sync).toHaveBeenCalledTimes(3);
    } finally {
      sync.mockRestore();
    }
  });

  it('reports auth and authz durations in Server-Timing, and nothing else', async () => {
    const a = await buildOrg(t);
    const owner = a.as.org_owner;
    const key = await createKey(t, owner);
    const teams = await t.app.inject({ url: `/api/orgs/${a.org.id}/teams`, headers: owner.headers });
    const viaKey = await t.app.inject({
      url: `/api/orgs/${a.org.id}/teams`,
      headers: { authorization: `Bearer ${key.token}` },
    });
    const me = await t.app.inject({ url: '/api/me', headers: owner.headers });
    for (const res of [teams, viaKey]) {
      expect(res.statusCode).toBe(200);
      expect(res.headers['server-timing']).toMatch(/^auth;dur=\d+\.\d{3}, authz;dur=\d+\.\d{3}$/);
    }
    expect(me.headers['server-timing']).toMatch(/^auth;dur=\d+\.\d{3}$/);
    const refused = await t.app.inject({ url: `/api/orgs/${a.org.id}/audit`, headers: a.as.viewer.headers });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['server-timing']).toMatch(/^auth;dur=\d+\.\d{3}, authz;dur=\d+\.\d{3}$/);
    const cookieValue = owner.headers.cookie!.split('=')[1]!;
    for (const res of [teams, viaKey, me, refused]) {
      const header = String(res.headers['server-timing']);
      for (const secret of [owner.id, owner.email, a.org.id, cookieValue, key.token, key.id]) {
        expect(header).not.toContain(secret);
      }
    }
  });
});

describe('authorization cache across server instances (PostgreSQL)', () => {
  let one: TestPlatform;
  let two: TestPlatform;
  let outside: pg.Client;
  beforeAll(async () => {
    one = await startTestPlatform({ db: 'postgres', env: { SESSION_BACKEND: 'postgres' } });
    const url = one.config.database.kind === 'postgres' ? one.config.database.url : '';
    two = await startTestPlatform({ env: { DATABASE_URL: url, SESSION_BACKEND: 'postgres' } });
    outside = new pg.Client({ connectionString: url });
    await outside.connect();
  });
  afterAll(async () => {
    await outside?.end();
    await two?.close();
    await one?.close();
  });

  it('revokes on one instance what was changed through another', async () => {
    const a = await buildOrg(one);
    const dev = a.as.developer;
    const admin = a.as.org_admin;
    const key = await createKey(one, a.as.org_owner);
    const bearer = { authorization: `Bearer ${key.token}` };
    // Sessions live in PostgreSQL: the cookies of instance one work on instance two.
    expect(await status(two, teamUrl(a), dev.headers)).toBe(200);
    expect(await status(two, auditUrl(a), admin.headers)).toBe(200);
    expect(await status(two, `/api/orgs/${a.org.id}/teams`, bearer)).toBe(200);

    const owner = writeHeaders(a.as.org_owner);
    await one.app.inject({
      method: 'DELETE',
      url: `/api/orgs/${a.org.id}/members/${dev.id}`,
      headers: owner,
    });
    await one.app.inject({
      method: 'PATCH',
      url: `/api/orgs/${a.org.id}/members/${admin.id}`,
      headers: owner,
      payload: { role: 'org_member' },
    });
    await one.app.inject({ method: 'DELETE', url: `/api/me/api-keys/${key.id}`, headers: owner });
    expect(await eventually(two, teamUrl(a), dev.headers, 404)).toBeLessThan(1000);
    expect(await eventually(two, auditUrl(a), admin.headers, 403)).toBeLessThan(1000);
    expect(await eventually(two, `/api/orgs/${a.org.id}/teams`, bearer, 401)).toBeLessThan(1000);
  });

  it('ends on every instance a session signed out on one', async () => {
    const a = await buildOrg(one);
    const viewer = a.as.viewer;
    expect(await status(two, '/api/me', viewer.headers)).toBe(200);
    const out = await one.app.inject({ method: 'POST', url: '/logout', headers: viewer.headers });
    expect(out.statusCode).toBe(204);
    expect(await status(one, '/api/me', viewer.headers)).toBe(401);
    expect(await eventually(two, '/api/me', viewer.headers, 401)).toBeLessThan(1000);
  });

  it('revokes on every instance what a direct SQL session changed', async () => {
    const a = await buildOrg(one);
    const admin = a.as.org_admin;
    expect(await status(one, auditUrl(a), admin.headers)).toBe(200);
    expect(await status(two, auditUrl(a), admin.headers)).toBe(200);
    await outside.query(`update org_members set role = 'org_member' where org_id = $1 and user_id = $2`, [
      a.org.id,
      admin.id,
    ]);
    expect(await eventually(one, auditUrl(a), admin.headers, 403)).toBeLessThan(1000);
    expect(await eventually(two, auditUrl(a), admin.headers, 403)).toBeLessThan(1000);
  });

  it('flushes the cache when the listening connection is lost and back', async () => {
    const a = await buildOrg(one);
    const admin = a.as.org_admin;
    expect(await status(one, auditUrl(a), admin.headers)).toBe(200);
    await silently(one.platform.database.db, (tx) =>
      tx.update(orgMembers).set({ role: 'org_member' }).where(eq(orgMembers.userId, admin.id)),
    );
    expect(await status(one, auditUrl(a), admin.headers)).toBe(200); // still cached: nothing was announced

    const listener = one.platform.services.notifications;
    await outside.query(
      `select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and datname = current_database()`,
      [LISTENER_APPLICATION_NAME],
    );
    const deadline = Date.now() + 5000;
    while (listener.connected() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(listener.connected()).toBe(false);
    while (!listener.connected() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(listener.connected()).toBe(true);
    // Listening again: what was cached before the loss is gone, so the silent change is seen.
    expect(await status(one, auditUrl(a), admin.headers)).toBe(403);
  });
});

describe('Redis sessions across server instances', () => {
  let one: TestPlatform;
  let two: TestPlatform;
  beforeAll(async () => {
    const redis = { SESSION_BACKEND: 'redis', REDIS_URL: inject('redisUrl') };
    one = await startTestPlatform({ db: 'postgres', env: redis });
    const url = one.config.database.kind === 'postgres' ? one.config.database.url : '';
    two = await startTestPlatform({ env: { ...redis, DATABASE_URL: url } });
  });
  afterAll(async () => {
    await two?.close();
    await one?.close();
  });

  it('refuses on the other instance at once a session signed out on one (no 5 s cache window)', async () => {
    const a = await buildOrg(one);
    const viewer = a.as.viewer;
    // Served, and so cached, by both instances.
    expect(await status(one, '/api/me', viewer.headers)).toBe(200);
    expect(await status(two, '/api/me', viewer.headers)).toBe(200);
    expect(await status(two, '/api/me', viewer.headers)).toBe(200);
    const out = await one.app.inject({ method: 'POST', url: '/logout', headers: viewer.headers });
    expect(out.statusCode).toBe(204);
    expect(await status(one, '/api/me', viewer.headers)).toBe(401);
    expect(await eventually(two, '/api/me', viewer.headers, 401)).toBeLessThan(500);
  });

  it('drops on the other instance the old session rotated away at sign-in', async () => {
    const a = await buildOrg(one);
    const viewer = a.as.viewer;
    expect(await status(two, '/api/me', viewer.headers)).toBe(200);
    const email = (await one.app.inject({ url: '/api/me', headers: viewer.headers })).json().user
      .email as string;
    const again = await one.app.inject({
      method: 'POST',
      url: '/dev/login',
      headers: viewer.headers,
      payload: { email },
    });
    expect(again.statusCode).toBe(200);
    expect(await eventually(two, '/api/me', viewer.headers, 401)).toBeLessThan(500);
  });
});
