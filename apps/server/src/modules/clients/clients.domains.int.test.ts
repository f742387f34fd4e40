import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../test/harness';
import { buildClient, signInAs } from '../../../test/authz/factories';

/** Issue 19 class 1: a client may not claim the platform's surfaces, IP literals, reserved names or another client's names. */
describe('client domains: what a client may claim', () => {
  let t: TestPlatform;
  let admin: Awaited<ReturnType<typeof signInAs>>;
  let mine: Awaited<ReturnType<typeof buildClient>>;
  let other: Awaited<ReturnType<typeof buildClient>>;
  beforeAll(async () => {
    t = await startTestPlatform({
      db: 'pglite',
      env: { PUBLIC_URL: 'http://scheduler.platform.com:8081', DEPLOYMENT_DOMAIN: 'apps.platform.com' },
    });
    admin = await signInAs(t, 'dev@localhost');
    mine = await buildClient(t, { admin: true });
    other = await buildClient(t);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/admin/clients/${other.id}/domains`,
      headers: admin.headers,
      payload: { domain: 'cloud.other-client.com' },
    });
    expect(res.statusCode).toBe(201);
  });
  afterAll(async () => t?.close());

  const call = (method: 'POST' | 'PATCH', url: string, payload: object, who = mine.admin!) =>
    t.app.inject({ method, url, headers: who.headers, payload });
  const domainsOf = async (clientId: string) =>
    (await t.app.inject({ url: `/api/admin/clients/${clientId}`, headers: admin.headers })).json();

  it.each([
    'scheduler.platform.com',
    'SCHEDULER.platform.com',
    'login.scheduler.platform.com',
    'platform.com',
    'apps.platform.com',
    'evil.apps.platform.com',
    '127.0.0.1',
    '0x7f.1',
    '0177.0.0.1',
    '2130706433',
    '[::1]',
    'localhost',
    'foo.localhost',
    'printer.local',
    'db.internal',
    'a.invalid',
    'cloud.acme.test',
    'www.example',
  ])(
    'refuses %s as a client domain and as a deployment domain with 400, changing nothing',
    async (domain) => {
      const before = await domainsOf(mine.id);
      const added = await call('POST', `/api/admin/clients/${mine.id}/domains`, { domain });
      expect(added.statusCode).toBe(400);
      expect(added.headers['content-type']).toContain('application/problem+json');
      const patched = await call('PATCH', `/api/admin/clients/${mine.id}`, { deploymentDomain: domain });
      expect(patched.statusCode).toBe(400);
      // platform admins are held to the same rule, on create as well
      const created = await call(
        'POST',
        '/api/admin/clients',
        { slug: `c-${Math.random().toString(36).slice(2, 8)}`, name: 'X', domains: [domain] },
        admin,
      );
      expect(created.statusCode).toBe(400);
      const after = await domainsOf(mine.id);
      expect(after.domains).toEqual(before.domains);
      expect(after.deploymentDomain).toEqual(before.deploymentDomain);
    },
  );

  it("answers 409 for an overlap with another client's domains, equal or nested", async () => {
    for (const domain of ['cloud.other-client.com', 'x.cloud.other-client.com', 'other-client.com']) {
      const res = await call('POST', `/api/admin/clients/${mine.id}/domains`, { domain });
      expect(res.statusCode, domain).toBe(409);
      expect(res.json().code).toBe('conflict');
      const dep = await call('PATCH', `/api/admin/clients/${mine.id}`, { deploymentDomain: domain });
      expect(dep.statusCode, domain).toBe(409);
    }
    // a deployment domain is a claim too: another client's names may not sit under it
    expect(
      (await call('PATCH', `/api/admin/clients/${mine.id}`, { deploymentDomain: 'apps.mine-client.com' }))
        .statusCode,
    ).toBe(200);
    const under = await call(
      'POST',
      `/api/admin/clients/${other.id}/domains`,
      { domain: 'x.apps.mine-client.com' },
      admin,
    );
    expect(under.statusCode).toBe(409);
  });

  it('takes a legitimate domain at once', async () => {
    const res = await call('POST', `/api/admin/clients/${mine.id}/domains`, {
      domain: 'portal.mine-client.com',
    });
    expect(res.statusCode).toBe(201);
    const cfg = await t.app.inject({ url: '/api/config', headers: { host: 'portal.mine-client.com' } });
    expect(cfg.json().branding.name).toBe(mine.slug);
  });
});
