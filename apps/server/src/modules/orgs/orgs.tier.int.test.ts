import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, organizations, outbox } from '../../db/schema';
import { buildOrg } from '../../../test/authz/factories';
import { startTestPlatform, type TestPlatform } from '../../../test/harness';

describe.each(['pglite', 'postgres'] as const)('setting an org tier by hand on %s', (db) => {
  let t: TestPlatform;
  let adminHeaders: Record<string, string>;
  beforeAll(async () => {
    t = await startTestPlatform({ db });
    adminHeaders = { cookie: await t.signIn('dev@localhost'), 'x-requested-with': 'k8s-scheduler' }; // the dev user is a platform admin
  });
  afterAll(async () => t?.close());

  const setTier = (orgId: string, headers: Record<string, string>, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'PUT', url: `/api/orgs/${orgId}/tier`, headers, payload });

  it('lets a platform admin upgrade an org and queues the new Tenant for the operator', async () => {
    const tenant = await buildOrg(t, { tier: 'free' });
    const res = await setTier(tenant.org.id, adminHeaders, { tier: 'business' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: tenant.org.id, tier: 'business' });

    const entries = await t.platform.database.db
      .select()
      .from(outbox)
      .where(eq(outbox.objectKey, `Tenant/org-${tenant.org.id}`));
    const spec = (
      entries.at(-1)?.payload as {
        spec: { tier: string; isolation: string; quota: { cpu: string; memory: string } };
      }
    ).spec;
    expect(spec).toMatchObject({
      tier: 'business',
      isolation: 'namespace',
      quota: { cpu: '8', memory: '16Gi' },
    });

    const audit = await t.platform.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.orgId, tenant.org.id));
    expect(audit.map((a) => a.action)).toContain('org.tier.set');
  });

  it('sets and clears a per-org quota for enterprise orgs', async () => {
    const tenant = await buildOrg(t, { tier: 'business' });
    await setTier(tenant.org.id, adminHeaders, { tier: 'enterprise', quota: { cpu: '64', memory: '256Gi' } });
    const [org] = await t.platform.database.db
      .select()
      .from(organizations)
      .where(eq(organizations.id, tenant.org.id));
    expect(org?.limitOverrides).toMatchObject({ quota: { cpu: '64', memory: '256Gi' } });
    await setTier(tenant.org.id, adminHeaders, { tier: 'enterprise', quota: null });
    const [cleared] = await t.platform.database.db
      .select()
      .from(organizations)
      .where(eq(organizations.id, tenant.org.id));
    expect(cleared?.limitOverrides).not.toHaveProperty('quota');
  });

  it('refuses the org owner (403), hides other tenants (404), and rejects a bad tier with a clear message', async () => {
    const tenant = await buildOrg(t, { tier: 'free' });
    const other = await buildOrg(t, { tier: 'free' });
    const owner = await setTier(tenant.org.id, tenant.as.org_owner.headers, { tier: 'enterprise' });
    expect(owner.statusCode).toBe(403);
    expect(
      (await setTier(tenant.org.id, other.as.org_owner.headers, { tier: 'enterprise' })).statusCode,
    ).toBe(404);
    const bad = await setTier(tenant.org.id, adminHeaders, {
      tier: 'platinum',
      quota: { cpu: 'lots', memory: '1Gi' },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['body.quota.cpu', 'body.tier']);
    const [org] = await t.platform.database.db
      .select()
      .from(organizations)
      .where(eq(organizations.id, tenant.org.id));
    expect(org?.tier).toBe('free'); // nothing changed
  });
});
