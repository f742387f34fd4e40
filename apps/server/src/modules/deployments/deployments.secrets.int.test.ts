import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../test/harness';
import { buildOrg, type Actor, type Tenant } from '../../../test/authz/factories';
import { auditLog, deployments, organizations } from '../../db/schema';

/** A template with one secret input and a request of 3 CPUs. */
const heavyWithSecret = (name: string) => `name: ${name}
displayName: Heavy with a secret
visibility: team
envVars:
  - name: API_TOKEN
    secret: true
services:
  - name: worker
    image: busybox:1.36
    resources:
      requests: { cpu: "3", memory: 1Gi }
    env:
      API_TOKEN: \${API_TOKEN}
`;

/**
 * Issue #19 classes 2, 5 and 6: secret values reach the store only with the right to write them
 * (`deploy:create` for a template's secret inputs at creation, `secrets:write` afterwards, and the
 * `secrets:write` scope for API keys), audited as keys only; a refused change stores nothing; a
 * deployment being deleted takes no secret.
 */
describe('secret values through the deployments API', () => {
  let t: TestPlatform;
  let wordpress: string;
  const call = (actor: Actor | Record<string, string>, method: string, url: string, payload?: unknown) =>
    t.app.inject({
      method: method as 'GET',
      url,
      headers: 'headers' in actor ? (actor.headers as Record<string, string>) : actor,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const secretOf = (org: Tenant, deploymentId: string, key: string) =>
    t.platform.services.secrets.get({ orgId: org.org.id, tier: 'deployment', deploymentId, key });
  const auditOf = (deploymentId: string) =>
    t.platform.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.targetType, 'secret'))
      .then((rows) => rows.filter((r) => r.metadata.deploymentId === deploymentId));
  const apiKey = async (actor: Actor, scopes: string[]) => {
    const res = await call(actor, 'POST', '/api/me/api-keys', { name: `k-${scopes.join('-')}`, scopes });
    expect(res.statusCode).toBe(201);
    return { authorization: `Bearer ${res.json().token}`, host: actor.headers.host! };
  };
  const blog = async (org: Tenant) => {
    const res = await call(org.as.developer, 'POST', '/api/deployments', {
      teamId: org.team.id,
      templateId: wordpress,
      secrets: { DB_PASSWORD: 'first-pw-1', DB_ROOT_PASSWORD: 'first-pw-2' },
    });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };

  beforeAll(async () => {
    t = await startTestPlatform({ db: 'pglite' });
    const org = await buildOrg(t, { tier: 'business' });
    const list = await call(org.as.viewer, 'GET', '/api/templates?visibility=system');
    wordpress = list.json().items.find((i: { name: string }) => i.name === 'wordpress').id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a developer gives secret inputs at creation (audited as keys only) but cannot change them later', async () => {
    const org = await buildOrg(t, { tier: 'business' });
    const id = await blog(org);
    const created = await auditOf(id);
    expect(created.map((a) => [a.action, a.metadata.key]).sort()).toEqual([
      ['secret.create', 'DB_PASSWORD'],
      ['secret.create', 'DB_ROOT_PASSWORD'],
    ]);
    expect(JSON.stringify(created)).not.toContain('first-pw');

    const refused = await call(org.as.developer, 'PATCH', `/api/deployments/${id}`, {
      secrets: { DB_PASSWORD: 'developer-pw' },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'forbidden' });
    expect(await secretOf(org, id, 'DB_PASSWORD')).toBe('first-pw-1');
    const [row] = await t.platform.database.db.select().from(deployments).where(eq(deployments.id, id));
    expect(row!.generation).toBe(1);
    // Inputs alone stay a developer's right.
    expect((await call(org.as.developer, 'PATCH', `/api/deployments/${id}`, { inputs: {} })).statusCode).toBe(
      200,
    );

    const allowed = await call(org.as.team_admin, 'PATCH', `/api/deployments/${id}`, {
      secrets: { DB_PASSWORD: 'admin-pw' },
    });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.body).not.toContain('admin-pw');
    expect(await secretOf(org, id, 'DB_PASSWORD')).toBe('admin-pw');
    const updates = (await auditOf(id)).filter((a) => a.action === 'secret.update');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.metadata).toMatchObject({ key: 'DB_PASSWORD', via: 'deployment.update' });
    expect(updates[0]!.actorUserId).toBe(org.as.team_admin.id);
    expect(JSON.stringify(updates)).not.toContain('admin-pw');
  });

  it('an API key needs the secrets:write scope to give secret values, at creation and later', async () => {
    const org = await buildOrg(t, { tier: 'business' });
    const id = await blog(org);
    const deploysOnly = await apiKey(org.as.team_admin, ['deployments:write']);
    const withSecrets = await apiKey(org.as.team_admin, ['deployments:write', 'secrets:write']);
    const body = {
      teamId: org.team.id,
      templateId: wordpress,
      secrets: { DB_PASSWORD: 'key-pw', DB_ROOT_PASSWORD: 'key-pw-2' },
    };

    const create = await call(deploysOnly, 'POST', '/api/deployments', body);
    expect(create.statusCode).toBe(403);
    expect(create.json().detail).toContain('secrets:write');
    const count = await t.platform.database.db
      .select()
      .from(deployments)
      .where(eq(deployments.orgId, org.org.id));
    expect(count).toHaveLength(1);
    const update = await call(deploysOnly, 'PATCH', `/api/deployments/${id}`, {
      secrets: { DB_PASSWORD: 'key-pw' },
    });
    expect(update.statusCode).toBe(403);
    expect(await secretOf(org, id, 'DB_PASSWORD')).toBe('first-pw-1');
    // Without secrets, the deployments scope is enough.
    expect((await call(deploysOnly, 'PATCH', `/api/deployments/${id}`, { inputs: {} })).statusCode).toBe(200);

    expect((await call(withSecrets, 'POST', '/api/deployments', body)).statusCode).toBe(201);
    const patched = await call(withSecrets, 'PATCH', `/api/deployments/${id}`, {
      secrets: { DB_PASSWORD: 'key-pw' },
    });
    expect(patched.statusCode).toBe(200);
    expect(await secretOf(org, id, 'DB_PASSWORD')).toBe('key-pw');
  });

  it('an update refused by a limit stores no secret value', async () => {
    const org = await buildOrg(t, { tier: 'business' });
    const tpl = await call(org.as.team_admin, 'POST', '/api/templates', {
      yaml: heavyWithSecret('heavy-secret'),
      teamId: org.team.id,
    });
    expect(tpl.statusCode).toBe(201);
    const first = await call(org.as.team_admin, 'POST', '/api/deployments', {
      teamId: org.team.id,
      templateId: tpl.json().id,
      secrets: { API_TOKEN: 'old-token' },
    });
    expect(first.statusCode).toBe(201);
    const second = await call(org.as.team_admin, 'POST', '/api/deployments', {
      teamId: org.team.id,
      templateId: tpl.json().id,
    });
    expect(second.statusCode).toBe(201);
    const id = first.json().id as string;
    // The org's quota shrinks below what both already use: any re-render of one is refused.
    await t.platform.database.db
      .update(organizations)
      .set({ limitOverrides: { quota: { cpu: '4', memory: '64Gi' } } })
      .where(eq(organizations.id, org.org.id));
    const refused = await call(org.as.team_admin, 'PATCH', `/api/deployments/${id}`, {
      secrets: { API_TOKEN: 'new-token' },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'limit_exceeded', limit: 'cpu' });
    expect(await secretOf(org, id, 'API_TOKEN')).toBe('old-token');
    expect((await auditOf(id)).filter((a) => a.action === 'secret.update')).toHaveLength(0);
  });

  it('viewers (and keys without secrets:read) see no secret key names in a deployment', async () => {
    const org = await buildOrg(t, { tier: 'business' });
    const id = await blog(org);
    const keys = async (who: Actor | Record<string, string>) =>
      (await call(who, 'GET', `/api/deployments/${id}`)).json().secretKeys;
    expect(await keys(org.as.developer)).toEqual(['DB_PASSWORD', 'DB_ROOT_PASSWORD']);
    expect(await keys(org.as.viewer)).toEqual([]);
    expect(await keys(await apiKey(org.as.team_admin, ['deployments:read']))).toEqual([]);
    expect(await keys(await apiKey(org.as.team_admin, ['deployments:read', 'secrets:read']))).toEqual([
      'DB_PASSWORD',
      'DB_ROOT_PASSWORD',
    ]);
  });

  it('secrets of a deployment being deleted cannot change (409)', async () => {
    const org = await buildOrg(t, { tier: 'business' });
    const id = await blog(org);
    expect((await call(org.as.team_admin, 'DELETE', `/api/deployments/${id}`)).statusCode).toBe(202);
    const put = await call(org.as.team_admin, 'PUT', `/api/deployments/${id}/secrets/DB_PASSWORD`, {
      value: 'late-pw',
    });
    expect(put.statusCode).toBe(409);
    const service = await call(
      org.as.team_admin,
      'PUT',
      `/api/deployments/${id}/services/wordpress/secrets/EXTRA`,
      { value: 'late-pw' },
    );
    expect(service.statusCode).toBe(409);
    expect(
      (await call(org.as.team_admin, 'DELETE', `/api/deployments/${id}/secrets/DB_PASSWORD`)).statusCode,
    ).toBe(409);
    expect(
      (
        await call(org.as.team_admin, 'PATCH', `/api/deployments/${id}`, {
          secrets: { DB_PASSWORD: 'late-pw' },
        })
      ).statusCode,
    ).toBe(409);
    expect(await secretOf(org, id, 'DB_PASSWORD')).toBe('first-pw-1');
  });
});
