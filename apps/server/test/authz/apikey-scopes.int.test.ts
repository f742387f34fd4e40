import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../harness';
import { buildOrg, type Actor, type Tenant } from './factories';

/**
 * API key scopes on the list endpoints no role rule guards (issue #19 class 6): a key needs the
 * scope of what it lists (403 otherwise), a session is not narrowed.
 */
describe('API key scopes on list endpoints', () => {
  let t: TestPlatform;
  let tenant: Tenant;
  const keyOf = async (actor: Actor, scopes: string[]) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/me/api-keys',
      headers: actor.headers,
      payload: { name: `k-${scopes.join('-') || 'none'}`, scopes },
    });
    expect(res.statusCode).toBe(201);
    return { authorization: `Bearer ${res.json().token}`, host: actor.headers.host! };
  };

  beforeAll(async () => {
    t = await startTestPlatform({ db: 'pglite' });
    tenant = await buildOrg(t, { tier: 'enterprise' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const cases: { url: (x: Tenant) => string; scope: string; other: string }[] = [
    { url: () => '/api/templates', scope: 'templates:read', other: 'deployments:read' },
    { url: () => '/api/orgs', scope: 'org:read', other: 'deployments:read' },
    { url: (x) => `/api/orgs/${x.org.id}/usage`, scope: 'org:read', other: 'deployments:read' },
    { url: (x) => `/api/orgs/${x.org.id}/teams`, scope: 'teams:read', other: 'org:read' },
  ];
  for (const c of cases) {
    it(`GET ${c.url({ org: { id: ':orgId' } } as Tenant)} needs ${c.scope}`, async () => {
      const owner = tenant.as.org_owner;
      const without = await t.app.inject({ url: c.url(tenant), headers: await keyOf(owner, [c.other]) });
      expect(without.statusCode).toBe(403);
      expect(without.json()).toMatchObject({ code: 'forbidden' });
      expect(without.json().detail).toContain(c.scope);
      const withScope = await t.app.inject({ url: c.url(tenant), headers: await keyOf(owner, [c.scope]) });
      expect(withScope.statusCode).toBe(200);
      // The write scope includes the read.
      const write = c.scope.replace(/:read$/, ':write');
      expect(
        (await t.app.inject({ url: c.url(tenant), headers: await keyOf(owner, [write]) })).statusCode,
      ).toBe(200);
      expect((await t.app.inject({ url: c.url(tenant), headers: owner.headers })).statusCode).toBe(200);
    });
  }
});
