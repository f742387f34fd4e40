import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizations } from '../../db/schema';
import { startTestPlatform, type TestPlatform } from '../../../test/harness';
import { buildOrg, buildUser } from '../../../test/authz/factories';
import { FREE_MEMBERS_LIMIT_PROBLEM } from './orgs.testing';

describe.each(['pglite', 'postgres'] as const)('organizations, members and teams on %s', (db) => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform({ db });
  });
  afterAll(async () => t?.close());

  const call = (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    headers: Record<string, string>,
    payload?: unknown,
  ) =>
    t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

  it('creates an org whose creator is the owner, lists, renames and audits it', async () => {
    const me = await buildUser(t);
    const created = await call('POST', '/api/orgs', me.headers, { name: 'Acme Rockets' });
    expect(created.statusCode).toBe(201);
    const org = created.json();
    expect(org).toMatchObject({
      name: 'Acme Rockets',
      slug: 'acme-rockets',
      tier: 'free',
      role: 'org_owner',
    });
    expect(org.abilities).toEqual(
      expect.arrayContaining(['org:update', 'org:delete', 'org:transfer', 'team:create']),
    );

    const dupe = await call('POST', '/api/orgs', me.headers, { name: 'Acme Rockets' });
    expect(dupe.statusCode).toBe(409);

    const list = await call('GET', '/api/orgs', me.headers);
    expect(list.json().items.map((o: { id: string }) => o.id)).toEqual([org.id]);

    const renamed = await call(
      'PATCH',
      `/api/orgs/${org.id}`,
      { ...me.headers, 'user-agent': 'vitest-agent' },
      { name: 'Acme Space' },
    );
    expect(renamed.json()).toMatchObject({ name: 'Acme Space', slug: 'acme-rockets' });

    const meRes = await call('GET', '/api/me', me.headers);
    expect(meRes.json().orgs).toEqual([expect.objectContaining({ id: org.id, role: 'org_owner' })]);

    const audit = await call('GET', `/api/orgs/${org.id}/audit`, me.headers);
    expect(audit.statusCode).toBe(200);
    const items = audit.json().items;
    expect(items.map((i: { action: string }) => i.action)).toEqual(['org.update', 'org.create']);
    expect(items[0]).toMatchObject({
      actorUserId: me.id,
      actorEmail: me.email,
      targetType: 'org',
      targetId: org.id,
      userAgent: 'vitest-agent',
    });
    expect(items[0].ip).toBeTruthy();
    expect(items[0].requestId).toBe(renamed.headers['x-request-id']);

    const page1 = await call('GET', `/api/orgs/${org.id}/audit?limit=1`, me.headers);
    expect(page1.json().items).toHaveLength(1);
    const page2 = await call(
      'GET',
      `/api/orgs/${org.id}/audit?limit=1&before=${page1.json().nextCursor}`,
      me.headers,
    );
    expect(page2.json().items[0].action).toBe('org.create');
    expect(page2.json().nextCursor).toBeNull();
  });

  it('lets only owners and admins read the audit log; another tenant gets 404', async () => {
    const a = await buildOrg(t);
    const b = await buildOrg(t);
    expect((await call('GET', `/api/orgs/${a.org.id}/audit`, a.as.org_admin.headers)).statusCode).toBe(200);
    expect((await call('GET', `/api/orgs/${a.org.id}/audit`, a.as.org_member.headers)).statusCode).toBe(403);
    expect((await call('GET', `/api/orgs/${a.org.id}/audit`, a.as.developer.headers)).statusCode).toBe(403);
    expect((await call('GET', `/api/orgs/${a.org.id}/audit`, b.as.org_owner.headers)).statusCode).toBe(404);
    expect((await call('GET', `/api/orgs/${a.org.id}`, a.as.outsider.headers)).statusCode).toBe(404);
  });

  it('enforces the member limit of the tier with a problem naming limit, use and the lifting tier', async () => {
    const owner = await buildUser(t);
    const other = await buildUser(t);
    const org = (
      await call('POST', '/api/orgs', owner.headers, { name: `Solo ${owner.id.slice(0, 6)}` })
    ).json();
    const res = await call('POST', `/api/orgs/${org.id}/members`, owner.headers, { email: other.email });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject(FREE_MEMBERS_LIMIT_PROBLEM);

    await t.platform.database.db
      .update(organizations)
      .set({ tier: 'business' })
      .where(eq(organizations.id, org.id));
    const ok = await call('POST', `/api/orgs/${org.id}/members`, owner.headers, {
      email: other.email,
      role: 'org_admin',
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({
      userId: other.id,
      role: 'org_admin',
      abilities: ['org:members:manage', 'org:transfer'],
    });
    const again = await call('POST', `/api/orgs/${org.id}/members`, owner.headers, { email: other.email });
    expect(again.statusCode).toBe(409);
    const unknown = await call('POST', `/api/orgs/${org.id}/members`, owner.headers, {
      email: 'nobody@example.com',
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('keeps the owner out of reach of admins, and transfers ownership', async () => {
    const a = await buildOrg(t);
    const { org_owner: owner, org_admin: admin, org_member: member } = a.as;
    const touchOwner = await call('PATCH', `/api/orgs/${a.org.id}/members/${owner.id}`, admin.headers, {
      role: 'org_member',
    });
    expect(touchOwner.statusCode).toBe(403);
    expect(
      (await call('DELETE', `/api/orgs/${a.org.id}/members/${owner.id}`, admin.headers)).statusCode,
    ).toBe(403);
    expect((await call('DELETE', `/api/orgs/${a.org.id}`, admin.headers)).statusCode).toBe(403);
    expect(
      (
        await call('PATCH', `/api/orgs/${a.org.id}/members/${member.id}`, member.headers, {
          role: 'org_admin',
        })
      ).statusCode,
    ).toBe(403);

    const promoted = await call('PATCH', `/api/orgs/${a.org.id}/members/${member.id}`, admin.headers, {
      role: 'org_admin',
    });
    expect(promoted.json().role).toBe('org_admin');

    expect(
      (await call('POST', `/api/orgs/${a.org.id}/transfer`, admin.headers, { userId: admin.id })).statusCode,
    ).toBe(403);
    const moved = await call('POST', `/api/orgs/${a.org.id}/transfer`, owner.headers, { userId: admin.id });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().role).toBe('org_admin');
    const members = (await call('GET', `/api/orgs/${a.org.id}/members`, admin.headers)).json().items;
    expect(members.find((m: { userId: string }) => m.userId === admin.id).role).toBe('org_owner');
    expect(members.find((m: { userId: string }) => m.userId === owner.id).role).toBe('org_admin');

    const removed = await call('DELETE', `/api/orgs/${a.org.id}/members/${a.as.developer.id}`, admin.headers);
    expect(removed.statusCode).toBe(204);
    expect((await call('GET', `/api/teams/${a.team.id}`, a.as.developer.headers)).statusCode).toBe(404);

    expect((await call('DELETE', `/api/orgs/${a.org.id}`, admin.headers)).statusCode).toBe(204);
    expect((await call('GET', `/api/orgs/${a.org.id}`, admin.headers)).statusCode).toBe(404);
  });

  it('manages teams and team members with abilities, and keeps the current team in the session', async () => {
    const a = await buildOrg(t);
    const created = await call('POST', `/api/orgs/${a.org.id}/teams`, a.as.org_admin.headers, {
      name: 'Platform Ops',
    });
    expect(created.statusCode).toBe(201);
    const team = created.json();
    expect(team).toMatchObject({ slug: 'platform-ops', role: null });
    expect(team.abilities).toEqual(
      expect.arrayContaining(['team:delete', 'team:members:manage', 'deploy:create']),
    );
    expect(
      (await call('POST', `/api/orgs/${a.org.id}/teams`, a.as.team_admin.headers, { name: 'X' })).statusCode,
    ).toBe(403);

    // org_member without a team role sees no team; the developer sees only their own.
    expect((await call('GET', `/api/orgs/${a.org.id}/teams`, a.as.org_member.headers)).json().items).toEqual(
      [],
    );
    const devTeams = (await call('GET', `/api/orgs/${a.org.id}/teams`, a.as.developer.headers)).json().items;
    expect(devTeams.map((x: { id: string }) => x.id)).toEqual([a.team.id]);
    expect(devTeams[0]).toMatchObject({
      role: 'developer',
      abilities: expect.not.arrayContaining(['team:members:manage']),
    });
    expect((await call('GET', `/api/teams/${team.id}`, a.as.developer.headers)).statusCode).toBe(403);

    const newcomer = await buildUser(t);
    const added = await call('POST', `/api/teams/${a.team.id}/members`, a.as.team_admin.headers, {
      email: newcomer.email,
      role: 'viewer',
    });
    expect(added.statusCode).toBe(201);
    expect(
      (
        await call('POST', `/api/teams/${a.team.id}/members`, a.as.developer.headers, {
          email: newcomer.email,
        })
      ).statusCode,
    ).toBe(403);
    const changed = await call(
      'PATCH',
      `/api/teams/${a.team.id}/members/${newcomer.id}`,
      a.as.team_admin.headers,
      { role: 'developer' },
    );
    expect(changed.json().role).toBe('developer');
    const orgMembers = (await call('GET', `/api/orgs/${a.org.id}/members`, a.as.org_owner.headers)).json()
      .items;
    expect(orgMembers.find((m: { userId: string }) => m.userId === newcomer.id).role).toBe('org_member');

    const switched = await call('PUT', '/api/me/current-team', newcomer.headers, { teamId: a.team.id });
    expect(switched.json()).toEqual({ currentTeamId: a.team.id });
    expect((await call('GET', '/api/me', newcomer.headers)).json().currentTeamId).toBe(a.team.id);
    expect(
      (await call('PUT', '/api/me/current-team', newcomer.headers, { teamId: team.id })).statusCode,
    ).toBe(403);

    expect(
      (await call('DELETE', `/api/teams/${a.team.id}/members/${newcomer.id}`, a.as.team_admin.headers))
        .statusCode,
    ).toBe(204);
    expect(
      (await call('GET', `/api/teams/${a.team.id}/members`, a.as.viewer.headers)).json().items,
    ).toHaveLength(3);
    expect((await call('DELETE', `/api/teams/${team.id}`, a.as.org_admin.headers)).statusCode).toBe(204);

    const actions = (await call('GET', `/api/orgs/${a.org.id}/audit`, a.as.org_owner.headers))
      .json()
      .items.map((i: { action: string }) => i.action);
    expect(actions).toEqual([
      'team.delete',
      'team.member.remove',
      'team.member.update',
      'team.member.add',
      'team.create',
    ]);
  });
});
