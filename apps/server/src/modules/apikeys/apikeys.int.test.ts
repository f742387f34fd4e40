import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeys } from '../../db/schema';
import { startTestPlatform, type TestPlatform } from '../../../test/harness';
import { buildClient, buildOrg } from '../../../test/authz/factories';

describe.each(['pglite', 'postgres'] as const)('API keys on %s', (db) => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform({ db });
  });
  afterAll(async () => t?.close());

  it('shows the token once, stores its hash, and narrows the owner rights by scope', async () => {
    const a = await buildOrg(t);
    const owner = a.as.org_owner;
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/me/api-keys',
      headers: owner.headers,
      payload: { name: 'ci', scopes: ['org:read', 'teams:read'] },
    });
    expect(created.statusCode).toBe(201);
    const { token, id, prefix } = created.json();
    expect(token).toMatch(/^ks_[A-Za-z0-9_-]{40,}$/);
    expect(token.startsWith(prefix)).toBe(true);
    const [row] = await t.platform.database.db.select().from(apiKeys).where(eq(apiKeys.id, id));
    expect(row!.tokenHash).not.toContain(token.slice(3));
    const list = await t.app.inject({ url: '/api/me/api-keys', headers: owner.headers });
    expect(list.json().items).toEqual([expect.objectContaining({ id, name: 'ci', prefix, revokedAt: null })]);
    expect(list.body).not.toContain(token);

    const bearer = { authorization: `Bearer ${token}` };
    expect((await t.app.inject({ url: '/api/me', headers: bearer })).json().user.id).toBe(owner.id);
    const org = await t.app.inject({ url: `/api/orgs/${a.org.id}`, headers: bearer });
    expect(org.statusCode).toBe(200);
    // abilities reflect the key's scopes, not only the owner's roles
    expect(org.json().abilities).toEqual(['org:read']);
    expect((await t.app.inject({ url: `/api/teams/${a.team.id}/members`, headers: bearer })).statusCode).toBe(
      200,
    );
    // the owner may rename the org, the key may not (no org:write); no CSRF header needed for Bearer
    const rename = await t.app.inject({
      method: 'PATCH',
      url: `/api/orgs/${a.org.id}`,
      headers: bearer,
      payload: { name: 'nope' },
    });
    expect(rename.statusCode).toBe(403);
    expect(rename.json().detail).toContain('org:write');
    expect((await t.app.inject({ url: `/api/orgs/${a.org.id}/audit`, headers: bearer })).statusCode).toBe(
      403,
    );
    // a key never manages keys
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/me/api-keys',
          headers: bearer,
          payload: { name: 'x', scopes: ['org:read'] },
        })
      ).statusCode,
    ).toBe(403);

    const writer = (
      await t.app.inject({
        method: 'POST',
        url: '/api/me/api-keys',
        headers: owner.headers,
        payload: { name: 'w', scopes: ['org:write'] },
      })
    ).json();
    const renamed = await t.app.inject({
      method: 'PATCH',
      url: `/api/orgs/${a.org.id}`,
      headers: { authorization: `Bearer ${writer.token}` },
      payload: { name: 'Renamed by key' },
    });
    expect(renamed.statusCode).toBe(200);
    const audit = (
      await t.app.inject({ url: `/api/orgs/${a.org.id}/audit?action=org.update`, headers: owner.headers })
    ).json().items[0];
    expect(audit).toMatchObject({ actorUserId: owner.id, actorApiKeyId: writer.id });

    // a developer's key cannot do more than the developer
    const devKey = (
      await t.app.inject({
        method: 'POST',
        url: '/api/me/api-keys',
        headers: a.as.developer.headers,
        payload: { name: 'd', scopes: ['org:write', 'teams:write'] },
      })
    ).json();
    expect(
      (
        await t.app.inject({
          method: 'PATCH',
          url: `/api/orgs/${a.org.id}`,
          headers: { authorization: `Bearer ${devKey.token}` },
          payload: { name: 'x' },
        })
      ).statusCode,
    ).toBe(403);

    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/api/me/api-keys/${id}`,
          headers: a.as.developer.headers,
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/me/api-keys/${id}`, headers: owner.headers }))
        .statusCode,
    ).toBe(204);
    const revoked = await t.app.inject({ url: '/api/me', headers: bearer });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().code).toBe('unauthenticated');
  });

  it('voids expired keys, unknown tokens and keys used on another client host', async () => {
    const a = await buildOrg(t);
    const c = await buildClient(t);
    const key = (
      await t.app.inject({
        method: 'POST',
        url: '/api/me/api-keys',
        headers: a.as.viewer.headers,
        payload: { name: 'k', scopes: ['teams:read'], expiresInDays: 1 },
      })
    ).json();
    const bearer = { authorization: `Bearer ${key.token}` };
    expect((await t.app.inject({ url: '/api/me', headers: bearer })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/me', headers: { ...bearer, host: c.host } })).statusCode).toBe(
      401,
    );
    expect(
      (await t.app.inject({ url: '/api/me', headers: { authorization: 'Bearer ks_notarealtoken' } }))
        .statusCode,
    ).toBe(401);
    await t.platform.database.db
      .update(apiKeys)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiKeys.id, key.id));
    // A change outside the API reaches the authorization cache by notification: wait for it.
    await t.syncAuthz();
    expect((await t.app.inject({ url: '/api/me', headers: bearer })).statusCode).toBe(401);
  });
});
