import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../test/harness';
import { buildClient, buildOrg, buildUser, signInAs } from '../../../test/authz/factories';

describe('white-label clients', () => {
  let t: TestPlatform;
  let admin: Awaited<ReturnType<typeof signInAs>>;
  beforeAll(async () => {
    t = await startTestPlatform({ db: 'pglite' });
    admin = await signInAs(t, 'dev@localhost'); // the dev user is a platform admin
  });
  afterAll(async () => t?.close());
  /** The status of one request sent with `who`'s headers. */
  const statusOf = async (
    who: { headers: Record<string, string> },
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    payload?: object,
  ) =>
    (await t.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) })).statusCode;
  /** The branding name `/api/config` answers on `host`. */
  const brandingOn = async (host: string) =>
    (await t.app.inject({ url: '/api/config', headers: { host } })).json().branding.name;

  it('lets platform admins create clients and domains, resolved at once from the Host header', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/admin/clients',
      headers: admin.headers,
      payload: {
        slug: 'acme',
        name: 'Acme Cloud',
        branding: { name: 'Acme Cloud', primaryColor: '#ff0000' },
        domains: ['cloud.acme.com'],
        deploymentDomain: 'apps.acme.com',
      },
    });
    expect(created.statusCode).toBe(201);
    const client = created.json();
    expect(client).toMatchObject({
      slug: 'acme',
      domains: ['cloud.acme.com'],
      abilities: ['client:read', 'client:update', 'client:delete'],
    });
    const cfg = (await t.app.inject({ url: '/api/config', headers: { host: 'cloud.acme.com' } })).json();
    expect(cfg.branding).toMatchObject({ name: 'Acme Cloud', primaryColor: '#ff0000' });
    expect(cfg.deploymentDomain).toBe('apps.acme.com');

    // the resolver cache is invalidated on domain changes: a new domain works immediately
    expect(await brandingOn('www.acme.com')).toBe('k8s-scheduler');
    const added = await t.app.inject({
      method: 'POST',
      url: `/api/admin/clients/${client.id}/domains`,
      headers: admin.headers,
      payload: { domain: 'WWW.acme.com' },
    });
    expect(added.json().domains).toEqual(['cloud.acme.com', 'www.acme.com']);
    expect(await brandingOn('www.acme.com')).toBe('Acme Cloud');
    const domains = `/api/admin/clients/${client.id}/domains`;
    expect(await statusOf(admin, 'POST', domains, { domain: 'www.acme.com' })).toBe(409);
    expect(await statusOf(admin, 'DELETE', `${domains}/www.acme.com`)).toBe(204);
    expect(await brandingOn('www.acme.com')).toBe('k8s-scheduler');

    const someone = await buildUser(t);
    expect(await statusOf(someone, 'POST', '/api/admin/clients', { slug: 'x', name: 'x' })).toBe(403);
    expect(await statusOf(someone, 'GET', '/api/admin/clients')).toBe(403);
    expect(await statusOf(someone, 'GET', `/api/admin/clients/${client.id}`)).toBe(404);
  });

  it('lets a client admin manage only its own client: branding, domains, plans; not create or delete', async () => {
    const c = await buildClient(t, { admin: true });
    const other = await buildClient(t);
    const ca = c.admin!;
    expect(
      (await t.app.inject({ url: `/api/admin/clients/${c.id}`, headers: ca.headers })).json().abilities,
    ).toEqual(['client:read', 'client:update']);
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/clients/${c.id}`,
      headers: ca.headers,
      payload: { branding: { name: 'Renamed', primaryColor: '#00ff00' } },
    });
    expect(patched.json().branding).toMatchObject({
      name: 'Renamed',
      primaryColor: '#00ff00',
      logoUrl: null,
    });
    expect(await statusOf(ca, 'GET', `/api/admin/clients/${other.id}`)).toBe(404);
    expect(await statusOf(ca, 'DELETE', `/api/admin/clients/${c.id}`)).toBe(403);
    expect(await statusOf(ca, 'POST', '/api/admin/clients', { slug: 'y', name: 'y' })).toBe(403);

    // plan overrides change the client's tier limits: free allows 2 members here
    const plan = await t.app.inject({
      method: 'PUT',
      url: `/api/admin/clients/${c.id}/plans/free`,
      headers: ca.headers,
      payload: { maxMembers: 2 },
    });
    expect(plan.json()).toMatchObject({ tier: 'free', maxMembers: 2, maxDeployments: 1 });

    // PATCH changes the fields it names and keeps the client's other overrides of the tier;
    // PUT replaces the whole set (what it omits is the platform default again).
    const planCall = (method: 'PUT' | 'PATCH', tier: string, payload: object) =>
      t.app.inject({ method, url: `/api/admin/clients/${c.id}/plans/${tier}`, headers: ca.headers, payload });
    await planCall('PUT', 'business', { customTemplateScopes: ['private'], maxMembers: 7 });
    const merged = await planCall('PATCH', 'business', { maxDeployments: 3, maxMembers: null });
    expect(merged.statusCode).toBe(200);
    expect(merged.json()).toMatchObject({
      maxDeployments: 3,
      maxMembers: null,
      customTemplateScopes: ['private'],
    });
    const replaced = await planCall('PUT', 'business', { maxDeployments: 4 });
    expect(replaced.json().maxDeployments).toBe(4);
    expect(replaced.json().customTemplateScopes).not.toEqual(['private']);
    expect((await planCall('PATCH', 'business', { maxDeployments: -1 })).statusCode).toBe(400);
    expect((await planCall('PATCH', 'business', {})).json().maxDeployments).toBe(4);
    const owner = await buildUser(t, c.host);
    const second = await buildUser(t, c.host);
    const third = await buildUser(t, c.host);
    const org = (
      await t.app.inject({
        method: 'POST',
        url: '/api/orgs',
        headers: owner.headers,
        payload: { name: 'Client Org' },
      })
    ).json();
    expect(org.clientId).toBe(c.id);
    expect(await statusOf(owner, 'POST', `/api/orgs/${org.id}/members`, { email: second.email })).toBe(201);
    const over = await t.app.inject({
      method: 'POST',
      url: `/api/orgs/${org.id}/members`,
      headers: owner.headers,
      payload: { email: third.email },
    });
    expect(over.json()).toMatchObject({ code: 'limit_exceeded', max: 2, liftedBy: 'business' });

    const orgs = await t.app.inject({ url: `/api/admin/clients/${c.id}/orgs`, headers: ca.headers });
    expect(orgs.json().items.map((o: { id: string }) => o.id)).toContain(org.id);
  });

  it('keeps users, orgs and sessions of one client invisible from another client host', async () => {
    const c1 = await buildClient(t);
    const c2 = await buildClient(t);
    const a = await buildOrg(t, { clientId: c1.id, host: c1.host });
    // the same email on another client is another account
    const twin = await signInAs(t, a.as.org_owner.email, c2.host);
    expect(twin.id).not.toBe(a.as.org_owner.id);
    expect(await statusOf(twin, 'GET', `/api/orgs/${a.org.id}`)).toBe(404);
    expect((await t.app.inject({ url: '/api/orgs', headers: twin.headers })).json().items).toEqual([]);
    // the session cookie of client 1 is void on client 2's host and on the platform host
    expect(
      (await t.app.inject({ url: '/api/me', headers: { ...a.as.org_owner.headers, host: c2.host } }))
        .statusCode,
    ).toBe(401);
    expect(
      (await t.app.inject({ url: '/api/me', headers: { ...a.as.org_owner.headers, host: 'localhost' } }))
        .statusCode,
    ).toBe(401);
    // adding a member by email finds only users of the org's client
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/orgs/${a.org.id}/members`,
      headers: a.as.org_owner.headers,
      payload: { email: 'dev@localhost' },
    });
    expect(res.statusCode).toBe(404);
  });
});
