import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userDeploymentSpecSchema } from '@k8s-scheduler/crds';
import { auditLog, deployments, outbox } from '../../db/schema';
import { buildOrg, type Tenant } from '../../../test/authz/factories';
import { startTestPlatform, type TestPlatform } from '../../../test/harness';
import { keyringFrom, loadOrCreateKeyFile } from '@k8s-scheduler/secrets';
import { createBuiltinStore } from './builtin.store';
import { createSecretSource } from './secret.source';
import { purgeDeploymentSecrets } from './secrets.service';
import { buildDeployment, paths } from './secrets.testing';
import { createTrackedStore } from './secret.tracked';

describe.each(['pglite', 'postgres'] as const)('secrets API on %s', (db) => {
  let t: TestPlatform;
  let a: Tenant;
  let b: Tenant;
  let depA: Awaited<ReturnType<typeof buildDeployment>>;
  let depB: Awaited<ReturnType<typeof buildDeployment>>;

  beforeAll(async () => {
    t = await startTestPlatform({ db });
    a = await buildOrg(t);
    b = await buildOrg(t);
    depA = await buildDeployment(t, a);
    depB = await buildDeployment(t, b);
  });
  afterAll(async () => {
    await t?.close();
  });

  const call = (
    method: 'GET' | 'PUT' | 'DELETE',
    url: string,
    headers: Record<string, string>,
    value?: string,
  ) => t.app.inject({ method, url, headers, ...(value !== undefined ? { payload: { value } } : {}) });

  it('org secrets: owner sets and replaces (revision bumps), lists keys with who and when, never values', async () => {
    const owner = a.as.org_owner;
    const first = await call('PUT', paths.org(a.org.id, 'STRIPE_KEY'), owner.headers, 'sk_live_first');
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      key: 'STRIPE_KEY',
      tier: 'organization',
      revision: 1,
      created: true,
      updatedBy: { email: owner.email },
    });
    const second = await call(
      'PUT',
      paths.org(a.org.id, 'STRIPE_KEY'),
      a.as.org_admin.headers,
      'sk_live_second',
    );
    expect(second.json()).toMatchObject({
      revision: 2,
      created: false,
      updatedBy: { email: a.as.org_admin.email },
    });

    const list = await call('GET', paths.org(a.org.id), owner.headers);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({
      tier: 'organization',
      orgId: a.org.id,
      items: [{ key: 'STRIPE_KEY', revision: 2 }],
      abilities: ['secrets:read', 'org:secrets:write'],
    });
    expect(list.body).not.toContain('sk_live');
    expect(second.body).not.toContain('sk_live');
  });

  it('org secrets: team roles cannot write them, viewers and developers cannot list them, a team admin can list', async () => {
    expect((await call('PUT', paths.org(a.org.id, 'NOPE'), a.as.team_admin.headers, 'x')).statusCode).toBe(
      403,
    );
    expect((await call('PUT', paths.org(a.org.id, 'NOPE'), a.as.developer.headers, 'x')).statusCode).toBe(
      403,
    );
    expect((await call('GET', paths.org(a.org.id), a.as.viewer.headers)).statusCode).toBe(403);
    expect((await call('GET', paths.org(a.org.id), a.as.org_member.headers)).statusCode).toBe(403);
    // Team roles grant nothing at org scope: only org owners/admins read the org tier directly.
    expect((await call('GET', paths.org(a.org.id), a.as.team_admin.headers)).statusCode).toBe(403);
  });

  it('deployment and service secrets: team admin writes, developer reads but cannot write, viewer cannot read keys', async () => {
    const admin = a.as.team_admin;
    expect(
      (await call('PUT', paths.deployment(depA.id, 'DB_PASSWORD'), admin.headers, 'pg-secret')).statusCode,
    ).toBe(200);
    expect(
      (await call('PUT', paths.service(depA.id, 'web', 'SESSION_KEY'), admin.headers, 'sess-secret'))
        .statusCode,
    ).toBe(200);

    const dev = a.as.developer;
    const devList = await call('GET', paths.deployment(depA.id), dev.headers);
    expect(devList.statusCode).toBe(200);
    expect(devList.json()).toMatchObject({
      tier: 'deployment',
      items: [{ key: 'DB_PASSWORD', tier: 'deployment', updatedBy: { email: admin.email } }],
      abilities: ['secrets:read'],
    });
    expect((await call('GET', paths.service(depA.id, 'web'), dev.headers)).json()).toMatchObject({
      service: 'web',
      items: [{ key: 'SESSION_KEY' }],
    });
    expect(
      (await call('PUT', paths.deployment(depA.id, 'DB_PASSWORD'), dev.headers, 'dev-try')).statusCode,
    ).toBe(403);
    expect((await call('PUT', paths.service(depA.id, 'web', 'X'), dev.headers, 'dev-try')).statusCode).toBe(
      403,
    );
    expect((await call('DELETE', paths.deployment(depA.id, 'DB_PASSWORD'), dev.headers)).statusCode).toBe(
      403,
    );

    const viewer = a.as.viewer;
    expect((await call('GET', paths.deployment(depA.id), viewer.headers)).statusCode).toBe(403);
    expect((await call('GET', paths.service(depA.id, 'web'), viewer.headers)).statusCode).toBe(403);
    expect((await call('GET', paths.environment(depA.id, 'web'), viewer.headers)).statusCode).toBe(403);
    // An org member without a team role does not see the team's deployment at all.
    expect((await call('GET', paths.deployment(depA.id), a.as.org_member.headers)).statusCode).toBe(404);
    // Org owners and admins act as team admin.
    expect(
      (await call('PUT', paths.deployment(depA.id, 'FROM_OWNER'), a.as.org_owner.headers, 'o')).statusCode,
    ).toBe(200);
    expect(
      (await call('DELETE', paths.deployment(depA.id, 'FROM_OWNER'), a.as.org_admin.headers)).statusCode,
    ).toBe(204);
  });

  it("another tenant's org, deployment and service answer 404 for every verb", async () => {
    const other = b.as.org_owner;
    for (const [method, url] of [
      ['GET', paths.org(a.org.id)],
      ['PUT', paths.org(a.org.id, 'K')],
      ['DELETE', paths.org(a.org.id, 'STRIPE_KEY')],
      ['GET', paths.deployment(depA.id)],
      ['PUT', paths.deployment(depA.id, 'K')],
      ['DELETE', paths.deployment(depA.id, 'DB_PASSWORD')],
      ['GET', paths.service(depA.id, 'web')],
      ['PUT', paths.service(depA.id, 'web', 'K')],
      ['DELETE', paths.service(depA.id, 'web', 'SESSION_KEY')],
      ['GET', paths.environment(depA.id, 'web')],
    ] as const) {
      const res = await call(method, url, other.headers, method === 'PUT' ? 'cross-tenant' : undefined);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await call('GET', paths.org(a.org.id), a.as.outsider.headers)).statusCode).toBe(404);
    // B's own deployment is fine for B; A's owner cannot reach it.
    expect((await call('GET', paths.deployment(depB.id), other.headers)).statusCode).toBe(200);
    expect((await call('GET', paths.deployment(depB.id), a.as.org_owner.headers)).statusCode).toBe(404);
    // Nothing of A changed.
    expect((await call('GET', paths.org(a.org.id), a.as.org_owner.headers)).json().items).toHaveLength(1);
  });

  it('unknown service → 404; bad key → 400; oversized value → 400 without the value in the answer', async () => {
    const admin = a.as.team_admin;
    expect((await call('GET', paths.service(depA.id, 'nosuch'), admin.headers)).statusCode).toBe(404);
    expect((await call('PUT', paths.service(depA.id, 'nosuch', 'K'), admin.headers, 'v')).statusCode).toBe(
      404,
    );
    const bad = await call('PUT', paths.deployment(depA.id, '1BAD-KEY'), admin.headers, 'v');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'params.key' }] });
    const huge = `HUGE-${'x'.repeat(70 * 1024)}`;
    const big = await call('PUT', paths.deployment(depA.id, 'BIG'), admin.headers, huge);
    expect(big.statusCode).toBe(400);
    expect(big.json().errors[0]).toMatchObject({ path: 'body.value' });
    expect(big.body).not.toContain('HUGE-x');
    expect((await call('DELETE', paths.deployment(depA.id, 'NEVER_SET'), admin.headers)).statusCode).toBe(
      404,
    );
  });

  it('effective environment: every key once with its tier and the tiers it shadows (organization > deployment > service)', async () => {
    const dep = await buildDeployment(t, a);
    const owner = a.as.org_owner;
    await call('PUT', paths.org(a.org.id, 'SHARED'), owner.headers, 'org');
    await call('PUT', paths.deployment(dep.id, 'SHARED'), owner.headers, 'dep');
    await call('PUT', paths.deployment(dep.id, 'DEP_ONLY'), owner.headers, 'dep');
    await call('PUT', paths.service(dep.id, 'web', 'SHARED'), owner.headers, 'svc');
    await call('PUT', paths.service(dep.id, 'web', 'DEP_ONLY'), owner.headers, 'svc');
    await call('PUT', paths.service(dep.id, 'web', 'SVC_ONLY'), owner.headers, 'svc');

    const web = await call('GET', paths.environment(dep.id, 'web'), a.as.developer.headers);
    expect(web.statusCode).toBe(200);
    expect(web.json().keys).toEqual([
      { key: 'DEP_ONLY', tier: 'deployment', shadowed: [{ tier: 'service' }] },
      { key: 'SHARED', tier: 'organization', shadowed: [{ tier: 'deployment' }, { tier: 'service' }] },
      { key: 'STRIPE_KEY', tier: 'organization', shadowed: [] },
      { key: 'SVC_ONLY', tier: 'service', shadowed: [] },
    ]);
    const worker = await call('GET', paths.environment(dep.id, 'worker'), a.as.developer.headers);
    expect(worker.json().keys.map((k: { key: string }) => k.key)).toEqual([
      'DEP_ONLY',
      'SHARED',
      'STRIPE_KEY',
    ]);

    // The operator's source delivers the winning values.
    const { key } = await loadOrCreateKeyFile(t.config.dataDir);
    const source = createSecretSource(
      t.platform.database.db,
      createBuiltinStore(t.platform.database.db, keyringFrom(key)),
    );
    const ref = {
      orgId: a.org.id,
      teamId: a.team.id,
      deploymentId: dep.id,
      namespace: dep.namespace,
      name: dep.name,
    };
    expect(
      await source({
        ...ref,
        service: 'web',
        keys: ['SHARED', 'DEP_ONLY', 'SVC_ONLY'].map((key) => ({ key, tier: 'service' as const })),
      }),
    ).toEqual({
      SHARED: 'org',
      DEP_ONLY: 'dep',
      SVC_ONLY: 'svc',
    });
    expect(
      await source({
        ...ref,
        service: 'worker',
        keys: [
          { key: 'SVC_ONLY', tier: 'service' },
          { key: 'SHARED', tier: 'deployment' },
        ],
      }),
    ).toEqual({ SHARED: 'org' });
    // A spec naming another org's deployment id gets nothing of it.
    expect(
      await source({
        ...ref,
        orgId: b.org.id,
        service: 'web',
        keys: [{ key: 'DEP_ONLY', tier: 'deployment' }],
      }),
    ).toEqual({});

    // Deleting the org key un-shadows the deployment's.
    expect((await call('DELETE', paths.org(a.org.id, 'SHARED'), owner.headers)).statusCode).toBe(204);
    const after = await call('GET', paths.environment(dep.id, 'web'), a.as.developer.headers);
    expect(after.json().keys.find((k: { key: string }) => k.key === 'SHARED')).toEqual({
      key: 'SHARED',
      tier: 'deployment',
      shadowed: [{ tier: 'service' }],
    });
  });

  it('each write is audited (key, tier, revision; no value) and re-applies the affected UserDeployments', async () => {
    const dep = await buildDeployment(t, a);
    const database = t.platform.database.db;
    const [before] = await database.select().from(deployments).where(eq(deployments.id, dep.id));
    await call('PUT', paths.org(a.org.id, 'AUDITED'), a.as.org_owner.headers, 'audited-value-1');
    await call('PUT', paths.org(a.org.id, 'AUDITED'), a.as.org_owner.headers, 'audited-value-2');
    await call('DELETE', paths.org(a.org.id, 'AUDITED'), a.as.org_owner.headers);

    const entries = await database
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, a.org.id), eq(auditLog.targetType, 'secret')));
    const mine = entries.filter((e) => (e.metadata as { key?: string }).key === 'AUDITED');
    expect(mine.map((e) => e.action)).toEqual(['secret.create', 'secret.update', 'secret.delete']);
    expect(mine[1]).toMatchObject({
      actorUserId: a.as.org_owner.id,
      metadata: { key: 'AUDITED', tier: 'organization', revision: 2 },
    });
    expect(JSON.stringify(entries)).not.toContain('audited-value');

    await call('PUT', paths.org(a.org.id, 'ROLLS'), a.as.org_owner.headers, 'r1');
    const [mid] = await database.select().from(deployments).where(eq(deployments.id, dep.id));
    const spec = userDeploymentSpecSchema.parse(mid?.spec);
    expect(spec.secretRefs.organization).toContain('ROLLS');
    expect(
      spec.services.every((s) => s.envFrom.some((e) => e.key === 'ROLLS' && e.tier === 'organization')),
    ).toBe(true);
    expect(mid!.generation).toBeGreaterThan(before!.generation);
    await call('PUT', paths.org(a.org.id, 'ROLLS'), a.as.org_owner.headers, 'r2');
    const [last] = await database.select().from(deployments).where(eq(deployments.id, dep.id));
    expect(userDeploymentSpecSchema.parse(last?.spec).secretsRevision).not.toBe(spec.secretsRevision);
    const queued = await database
      .select()
      .from(outbox)
      .where(eq(outbox.objectKey, `UserDeployment/${dep.namespace}/${dep.name}`));
    expect(queued.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(queued)).not.toContain('"r2"');
  });

  it('purging a deployment removes its deployment and service keys, not the org’s', async () => {
    const dep = await buildDeployment(t, a);
    const owner = a.as.org_owner.headers;
    await call('PUT', paths.deployment(dep.id, 'P1'), owner, 'p1');
    await call('PUT', paths.service(dep.id, 'web', 'P2'), owner, 'p2');
    await call('PUT', paths.org(a.org.id, 'KEEP_ORG'), owner, 'org');
    const { key } = await loadOrCreateKeyFile(t.config.dataDir);
    const store = createTrackedStore(
      t.platform.database.db,
      createBuiltinStore(t.platform.database.db, keyringFrom(key)),
    );
    expect(await purgeDeploymentSecrets(t.platform.database.db, store, a.org.id, dep.id)).toBe(2);
    expect((await call('GET', paths.deployment(dep.id), owner)).json().items).toEqual([]);
    expect((await call('GET', paths.service(dep.id, 'web'), owner)).json().items).toEqual([]);
    expect(
      await store.get({ orgId: a.org.id, tier: 'deployment', deploymentId: dep.id, key: 'P1' }),
    ).toBeNull();
    expect(
      (await call('GET', paths.org(a.org.id), owner)).json().items.map((i: { key: string }) => i.key),
    ).toContain('KEEP_ORG');
  });

  it('every secrets route is in the OpenAPI document with its problem responses', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { responses: Record<string, unknown>; tags?: string[] }>>;
    };
    const expected: Array<[string, string]> = [
      ['/api/orgs/{orgId}/secrets', 'get'],
      ['/api/orgs/{orgId}/secrets/{key}', 'put'],
      ['/api/orgs/{orgId}/secrets/{key}', 'delete'],
      ['/api/deployments/{id}/secrets', 'get'],
      ['/api/deployments/{id}/secrets/{key}', 'put'],
      ['/api/deployments/{id}/secrets/{key}', 'delete'],
      ['/api/deployments/{id}/services/{service}/secrets', 'get'],
      ['/api/deployments/{id}/services/{service}/secrets/{key}', 'put'],
      ['/api/deployments/{id}/services/{service}/secrets/{key}', 'delete'],
      ['/api/deployments/{id}/services/{service}/environment', 'get'],
    ];
    for (const [p, method] of expected) {
      const op = doc.paths[p]?.[method];
      expect(op, `${method} ${p}`).toBeDefined();
      expect(op?.tags).toEqual(['secrets']);
      expect(Object.keys(op?.responses ?? {})).toEqual(expect.arrayContaining(['400', '401', '403', '404']));
    }
  });
});
