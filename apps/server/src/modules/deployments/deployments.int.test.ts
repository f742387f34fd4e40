import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type DbKind, type TestPlatform } from '../../../test/harness';
import { buildOrg, type Actor, type Tenant } from '../../../test/authz/factories';
import { deployments, organizations, secrets } from '../../db/schema';
import { pendingEntries } from '../../outbox/outbox.repo';

const heavyTemplate = (name: string) => `name: ${name}
displayName: Heavy
visibility: team
services:
  - name: worker
    image: busybox:1.36
    resources:
      requests: { cpu: "3", memory: 1Gi }
`;

for (const db of ['pglite', 'postgres'] as DbKind[]) {
  describe(`deployments API without a cluster (${db})`, () => {
    let t: TestPlatform;
    let systemIds: Record<string, string>;
    const call = (
      actor: Actor,
      method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
      url: string,
      payload?: unknown,
    ) =>
      t.app.inject({
        method,
        url,
        headers: actor.headers,
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
    const create = (tenant: Tenant, body: Record<string, unknown>, actor: Actor = tenant.as.developer) =>
      call(actor, 'POST', '/api/deployments', { teamId: tenant.team.id, ...body });

    beforeAll(async () => {
      t = await startTestPlatform({ db });
      const org = await buildOrg(t, { tier: 'free' });
      const list = await call(org.as.viewer, 'GET', '/api/templates?visibility=system');
      systemIds = Object.fromEntries(
        list.json().items.map((i: { name: string; id: string }) => [i.name, i.id]),
      );
    });
    afterAll(async () => {
      await t?.close();
    });

    it('creates a Pending deployment with the rendered spec, a tenant and a UserDeployment in the outbox', async () => {
      const org = await buildOrg(t, { tier: 'business' });
      const res = await create(org, {
        templateId: systemIds['static-site'],
        name: 'my-site',
        inputs: { SITE_TITLE: 'Hi' },
      });
      expect(res.statusCode).toBe(201);
      const d = res.json();
      expect(d).toMatchObject({
        name: 'my-site',
        phase: 'Pending',
        message: 'no cluster connected',
        templateName: 'static-site',
        templateVersion: 1,
        generation: 1,
      });
      expect(d.namespace).toMatch(/^ks-org-/);
      expect(d.abilities).toContain('deploy:update');
      expect(d.services).toEqual([
        {
          name: 'web',
          image: 'nginxinc/nginx-unprivileged:1.27-alpine',
          replicas: 1,
          readyReplicas: null,
          ports: [8080],
        },
      ]);
      const ud = await pendingEntries(t.platform.database.db, `UserDeployment/${d.namespace}/my-site`);
      expect(ud).toHaveLength(1);
      const spec = (
        ud[0]!.payload as {
          spec: {
            deploymentId: string;
            configFiles?: unknown;
            services: { configFiles: { content: string }[] }[];
          };
        }
      ).spec;
      expect(spec.deploymentId).toBe(d.id);
      expect(spec.services[0]!.configFiles[0]!.content).toContain('<title>Hi</title>');
      const tenant = await pendingEntries(t.platform.database.db, `Tenant/org-${org.org.id}`);
      expect(tenant[0]!.payload).toMatchObject({
        kind: 'Tenant',
        spec: {
          tier: 'business',
          isolation: 'namespace',
          namespace: d.namespace,
          quota: { cpu: '8', memory: '16Gi' },
        },
      });
      expect(tenant[0]!.id).toBeLessThan(ud[0]!.id);

      const generated = await create(org, { templateId: systemIds['static-site'] });
      expect(generated.statusCode).toBe(201);
      expect(generated.json().name).toMatch(/^[a-z]+-[a-z]+-[a-z0-9]{4}$/);
      const listed = await call(org.as.viewer, 'GET', `/api/deployments?teamId=${org.team.id}`);
      expect(listed.json().items.map((i: { name: string }) => i.name)).toEqual([
        'my-site',
        generated.json().name,
      ]);
    });

    it('validates names and inputs with clear messages', async () => {
      const org = await buildOrg(t, { tier: 'business' });
      const bad = await create(org, { templateId: systemIds['static-site'], name: 'My_Site' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0]).toEqual({
        path: 'name',
        message: 'The deployment name must be lowercase',
      });
      const missing = await create(org, { templateId: systemIds.wordpress, name: 'wp' });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().detail).toMatch(/DB_PASSWORD is required \(a secret\)/);
      const misplaced = await create(org, {
        templateId: systemIds.wordpress,
        name: 'wp',
        inputs: { DB_PASSWORD: 'x' },
      });
      expect(misplaced.json().errors[0].message).toBe(
        'DB_PASSWORD is a secret: pass it in secrets, not inputs',
      );
      expect((await create(org, { templateId: systemIds['static-site'], name: 'taken' })).statusCode).toBe(
        201,
      );
      const taken = await create(org, { templateId: systemIds['static-site'], name: 'taken' });
      expect(taken.statusCode).toBe(409);
      expect(taken.json().detail).toMatch(/taken is already taken/);
    });

    it('hands secret inputs to the secret store and never echoes them', async () => {
      const org = await buildOrg(t, { tier: 'business' });
      const res = await create(org, {
        templateId: systemIds.wordpress,
        name: 'blog',
        secrets: { DB_PASSWORD: 's3cret-pw-1', DB_ROOT_PASSWORD: 's3cret-pw-2' },
      });
      expect(res.statusCode).toBe(201);
      expect(res.body).not.toContain('s3cret');
      expect(res.json().secretKeys).toEqual(['DB_PASSWORD', 'DB_ROOT_PASSWORD']);
      const [row] = await t.platform.database.db
        .select()
        .from(deployments)
        .where(eq(deployments.id, res.json().id));
      expect(JSON.stringify(row)).not.toContain('s3cret');
      const entries = await pendingEntries(t.platform.database.db);
      expect(JSON.stringify(entries)).not.toContain('s3cret');
      const stored = await t.platform.app.inject({
        method: 'GET',
        url: `/api/deployments/${res.json().id}`,
        headers: org.as.viewer.headers,
      });
      expect(stored.body).not.toContain('s3cret');
      // The store holds them at the deployment tier (metadata lists keys; values only as ciphertext).
      const meta = await t.platform.database.db
        .select()
        .from(secrets)
        .where(eq(secrets.deploymentId, res.json().id));
      expect(meta.map((m) => [m.tier, m.key]).sort()).toEqual([
        ['deployment', 'DB_PASSWORD'],
        ['deployment', 'DB_ROOT_PASSWORD'],
      ]);

      // A new value through PATCH (secrets:write): stored, never echoed, and the new secrets revision rolls the pods.
      const key = `UserDeployment/${res.json().namespace}/blog`;
      const before = (await pendingEntries(t.platform.database.db, key)).at(-1)!.payload as {
        spec: { secretsRevision: string };
      };
      const patched = await call(org.as.team_admin, 'PATCH', `/api/deployments/${res.json().id}`, {
        secrets: { DB_PASSWORD: 's3cret-pw-3' },
      });
      expect(patched.statusCode).toBe(200);
      expect(patched.body).not.toContain('s3cret');
      const after = (await pendingEntries(t.platform.database.db, key)).at(-1)!.payload as {
        spec: { secretsRevision: string };
      };
      expect(after.spec.secretsRevision).not.toBe(before.spec.secretsRevision);
      expect(JSON.stringify(after)).not.toContain('s3cret');
    });

    it('answers 403 limit_exceeded naming the limit, the use and the tier that lifts it; a downgrade deletes nothing', async () => {
      const free = await buildOrg(t, { tier: 'free' });
      expect((await create(free, { templateId: systemIds['static-site'] })).statusCode).toBe(201);
      const second = await create(free, { templateId: systemIds['static-site'] });
      expect(second.statusCode).toBe(403);
      expect(second.json()).toMatchObject({
        code: 'limit_exceeded',
        limit: 'deployments',
        current: 1,
        max: 1,
        liftedBy: 'business',
      });

      const biz = await buildOrg(t, { tier: 'business' });
      const tpl = await call(biz.as.team_admin, 'POST', '/api/templates', {
        yaml: heavyTemplate('heavy'),
        teamId: biz.team.id,
      });
      expect(tpl.statusCode).toBe(201);
      expect((await create(biz, { templateId: tpl.json().id })).statusCode).toBe(201);
      expect((await create(biz, { templateId: tpl.json().id })).statusCode).toBe(201);
      const third = await create(biz, { templateId: tpl.json().id });
      expect(third.statusCode).toBe(403);
      expect(third.json()).toMatchObject({
        code: 'limit_exceeded',
        limit: 'cpu',
        current: '9',
        max: '8',
        liftedBy: 'enterprise',
      });

      // Downgrade to free: both stay, creation is blocked.
      await t.platform.database.db
        .update(organizations)
        .set({ tier: 'free' })
        .where(eq(organizations.id, biz.org.id));
      const list = await call(biz.as.viewer, 'GET', `/api/deployments?teamId=${biz.team.id}`);
      expect(list.json().items).toHaveLength(2);
      const blocked = await create(biz, { templateId: systemIds['static-site'] });
      expect(blocked.json()).toMatchObject({
        code: 'limit_exceeded',
        limit: 'deployments',
        current: 2,
        max: 1,
      });
    });

    it('guards every action by role; another tenant answers 404', async () => {
      const org = await buildOrg(t, { tier: 'enterprise' });
      expect((await create(org, { templateId: systemIds['static-site'] }, org.as.viewer)).statusCode).toBe(
        403,
      );
      const d = (await create(org, { templateId: systemIds['static-site'], name: 'guarded' })).json();
      const viewer = await call(org.as.viewer, 'GET', `/api/deployments/${d.id}`);
      expect(viewer.statusCode).toBe(200);
      expect(viewer.json().abilities).toEqual(['deploy:read', 'logs:read', 'metrics:read']);
      expect((await call(org.as.viewer, 'POST', `/api/deployments/${d.id}/restart`)).statusCode).toBe(403);
      expect((await call(org.as.viewer, 'DELETE', `/api/deployments/${d.id}`)).statusCode).toBe(403);
      expect((await call(org.as.org_member, 'GET', `/api/deployments/${d.id}`)).statusCode).toBe(404);
      expect((await call(org.as.outsider, 'GET', `/api/deployments/${d.id}`)).statusCode).toBe(404);
      const other = await buildOrg(t, { tier: 'enterprise' });
      for (const [method, url] of [
        ['GET', `/api/deployments/${d.id}`],
        ['PATCH', `/api/deployments/${d.id}`],
        ['POST', `/api/deployments/${d.id}/restart`],
        ['POST', `/api/deployments/${d.id}/scale`],
        ['POST', `/api/deployments/${d.id}/deploy-image`],
        ['DELETE', `/api/deployments/${d.id}`],
      ] as const) {
        const payload = url.endsWith('scale')
          ? { service: 'web', replicas: 2 }
          : url.endsWith('image')
            ? { service: 'web', image: 'x:1' }
            : method === 'PATCH'
              ? { inputs: {} }
              : undefined;
        expect((await call(other.as.org_owner, method, url, payload)).statusCode, `${method} ${url}`).toBe(
          404,
        );
      }
      expect(
        (await call(other.as.org_owner, 'GET', `/api/deployments?teamId=${org.team.id}`)).statusCode,
      ).toBe(404);
      // Another org's team template cannot be deployed here.
      const tpl = await call(org.as.team_admin, 'POST', '/api/templates', {
        yaml: heavyTemplate('mine-only'),
        teamId: org.team.id,
      });
      expect((await create(other, { templateId: tpl.json().id }, other.as.org_owner)).statusCode).toBe(404);
    });

    it('day 2: update, deploy-image, scale and restart make new generations; delete marks Deleting', async () => {
      const org = await buildOrg(t, { tier: 'business' });
      const d = (await create(org, { templateId: systemIds['static-site'], name: 'day2' })).json();
      const updated = await call(org.as.developer, 'PATCH', `/api/deployments/${d.id}`, {
        inputs: { SITE_TITLE: 'New' },
      });
      expect(updated.json()).toMatchObject({ generation: 2, inputs: { SITE_TITLE: 'New' } });
      const image = await call(org.as.developer, 'POST', `/api/deployments/${d.id}/deploy-image`, {
        service: 'web',
        image: 'nginx:1.28',
      });
      expect(image.json()).toMatchObject({ generation: 3, services: [{ image: 'nginx:1.28' }] });
      const noSuch = await call(org.as.developer, 'POST', `/api/deployments/${d.id}/scale`, {
        service: 'db',
        replicas: 2,
      });
      expect(noSuch.statusCode).toBe(400);
      expect(noSuch.json().detail).toBe('The deployment has no service db (services: web)');
      const scaled = await call(org.as.developer, 'POST', `/api/deployments/${d.id}/scale`, {
        service: 'web',
        replicas: 3,
      });
      expect(scaled.json()).toMatchObject({
        generation: 4,
        services: [{ replicas: 3, image: 'nginx:1.28' }],
      });
      const restarted = await call(org.as.developer, 'POST', `/api/deployments/${d.id}/restart`);
      expect(restarted.json().restartedAt).toEqual(expect.any(String));
      const entries = await pendingEntries(t.platform.database.db, `UserDeployment/${d.namespace}/day2`);
      expect(entries).toHaveLength(5);
      const last = entries.at(-1)!.payload as {
        spec: {
          restartedAt: string;
          services: { replicas: number; image: string; configFiles: { content: string }[] }[];
        };
      };
      expect(last.spec.restartedAt).toBe(restarted.json().restartedAt);
      expect(last.spec.services[0]).toMatchObject({ replicas: 3, image: 'nginx:1.28' });
      expect(last.spec.services[0]!.configFiles[0]!.content).toContain('<title>New</title>');

      const removed = await call(org.as.developer, 'DELETE', `/api/deployments/${d.id}`);
      expect(removed.statusCode).toBe(202);
      expect(removed.json().phase).toBe('Deleting');
      expect(
        (await pendingEntries(t.platform.database.db, `UserDeployment/${d.namespace}/day2`)).at(-1)!.op,
      ).toBe('delete');
      expect((await call(org.as.developer, 'POST', `/api/deployments/${d.id}/restart`)).statusCode).toBe(409);
    });

    it('keeps the template version it was made from when the template changes', async () => {
      const org = await buildOrg(t, { tier: 'business' });
      const tpl = await call(org.as.team_admin, 'POST', '/api/templates', {
        yaml: heavyTemplate('pinned').replace('"3"', '"1"'),
        teamId: org.team.id,
      });
      const d = (await create(org, { templateId: tpl.json().id, name: 'pinned' })).json();
      await call(org.as.team_admin, 'PUT', `/api/templates/${tpl.json().id}`, {
        yaml: heavyTemplate('pinned').replace('busybox:1.36', 'busybox:1.37').replace('"3"', '"1"'),
      });
      const after = await call(org.as.developer, 'POST', `/api/deployments/${d.id}/restart`);
      expect(after.json()).toMatchObject({ templateVersion: 1, services: [{ image: 'busybox:1.36' }] });
    });
  });
}
