import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../test/harness';
import { buildClient, buildOrg, buildUser, signInAs } from '../../../test/authz/factories';

type Listed = { items: Array<{ id: string; slug: string; abilities: string[] }> };

describe.each(['pglite', 'postgres'] as const)(
  'the client list and /api/me for client admins on %s',
  (db) => {
    let t: TestPlatform;
    beforeAll(async () => {
      t = await startTestPlatform({ db });
    });
    afterAll(async () => t?.close());

    it('shows a client admin only its own client; another client admin only theirs; plain users get 403', async () => {
      const mine = await buildClient(t, { admin: true });
      const theirs = await buildClient(t, { admin: true });

      const own = await t.app.inject({ url: '/api/admin/clients', headers: mine.admin!.headers });
      expect(own.statusCode, own.body).toBe(200);
      const list = own.json<Listed>().items;
      expect(list.map((c) => c.id)).toEqual([mine.id]);
      // what a client admin may do with it: no delete
      expect(list[0]!.abilities).toEqual(['client:read', 'client:update']);

      const other = (
        await t.app.inject({ url: '/api/admin/clients', headers: theirs.admin!.headers })
      ).json<Listed>().items;
      expect(other.map((c) => c.id)).toEqual([theirs.id]);

      // a user of the same client without the role, and a platform-host user: 403
      const plain = await buildUser(t, mine.host);
      const tenant = await buildOrg(t, { clientId: mine.id, host: mine.host });
      for (const headers of [plain.headers, tenant.as.org_owner.headers, (await buildUser(t)).headers]) {
        const res = await t.app.inject({ url: '/api/admin/clients', headers });
        expect(res.statusCode).toBe(403);
        expect(res.json()).toMatchObject({ code: 'forbidden' });
      }

      // platform admins still see every client, with delete
      const platform = await signInAs(t, 'dev@localhost');
      const all = (
        await t.app.inject({ url: '/api/admin/clients', headers: platform.headers })
      ).json<Listed>();
      expect(all.items.map((c) => c.id)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
      expect(all.items.find((c) => c.id === mine.id)!.abilities).toContain('client:delete');
    });

    it('tells the SPA which clients the user administers in /api/me', async () => {
      const c = await buildClient(t, { admin: true });
      const me = await t.app.inject({ url: '/api/me', headers: c.admin!.headers });
      expect(me.statusCode, me.body).toBe(200);
      expect(me.json().administeredClients).toEqual([{ id: c.id, slug: c.slug, name: c.slug }]);

      const plain = await buildUser(t, c.host);
      expect(
        (await t.app.inject({ url: '/api/me', headers: plain.headers })).json().administeredClients,
      ).toEqual([]);
      const platform = await signInAs(t, 'dev@localhost');
      expect(
        (await t.app.inject({ url: '/api/me', headers: platform.headers })).json().administeredClients,
      ).toEqual([]);
    });
  },
);
