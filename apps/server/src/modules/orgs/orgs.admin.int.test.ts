import { and, eq } from 'drizzle-orm';
import { createLogger } from '@k8s-scheduler/config';
import type { KubeClient } from '@k8s-scheduler/kube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../test/harness';
import { buildClient, buildOrg, signInAs, type Actor } from '../../../test/authz/factories';
import { createContext } from '../../context/context';
import { auditLog } from '../audit/audit.schema';
import { users } from '../users/users.schema';
import { createOrgAdminService } from './orgs.admin';
import { createOrgsService } from './orgs.service';

/** The admin area: every org (platform admin) or the client's (client admin), tiers by hand, dedicated nodes. */
describe.each(['pglite', 'postgres'] as const)('admin area (%s)', (db) => {
  let t: TestPlatform;
  let platformAdmin: Actor;
  let client: Awaited<ReturnType<typeof buildClient>>;
  let other: Awaited<ReturnType<typeof buildClient>>;
  let direct: Awaited<ReturnType<typeof buildOrg>>;
  let mine: Awaited<ReturnType<typeof buildOrg>>[];
  let theirs: Awaited<ReturnType<typeof buildOrg>>;

  beforeAll(async () => {
    t = await startTestPlatform({ db, env: { SIGN_IN_RATE_LIMIT: '100000' } });
    platformAdmin = await signInAs(t, 'platform-admin@example.com');
    await t.platform.database.db
      .update(users)
      .set({ isPlatformAdmin: true })
      .where(eq(users.id, platformAdmin.id));
    await t.syncAuthz();
    client = await buildClient(t, { admin: true });
    other = await buildClient(t, { admin: true });
    direct = await buildOrg(t, { tier: 'free' });
    mine = [];
    for (const tier of ['free', 'business', 'enterprise'] as const)
      mine.push(await buildOrg(t, { tier, clientId: client.id, host: client.host }));
    theirs = await buildOrg(t, { clientId: other.id, host: other.host });
  });
  afterAll(async () => t?.close());

  const list = async (who: Actor, query = '') => {
    const res = await t.app.inject({ url: `/api/admin/orgs${query}`, headers: who.headers });
    return {
      status: res.statusCode,
      body: res.json() as { items: Array<Record<string, unknown>>; nextCursor: string | null },
    };
  };

  it('shows a platform admin every org, with tier, isolation, owner, members and use', async () => {
    const { status, body } = await list(platformAdmin, '?limit=200');
    expect(status).toBe(200);
    const ids = body.items.map((o) => o.id);
    for (const o of [direct, ...mine, theirs]) expect(ids).toContain(o.org.id);
    const row = body.items.find((o) => o.id === mine[1]!.org.id)!;
    expect(row).toMatchObject({
      tier: 'business',
      isolation: 'namespace',
      clientId: client.id,
      members: 6,
      owner: { id: mine[1]!.as.org_owner.id, email: mine[1]!.as.org_owner.email },
      deployments: { used: 0, max: 5 },
    });
  });

  it("shows a client admin only its client's orgs; another clientId is 404; tenant users get 403", async () => {
    const { body } = await list(client.admin!, '?limit=200');
    expect(body.items.map((o) => o.id).sort()).toEqual(mine.map((o) => o.org.id).sort());
    expect((await list(client.admin!, `?clientId=${other.id}`)).status).toBe(404);
    expect((await list(mine[0]!.as.org_owner)).status).toBe(403);
    expect((await list(platformAdmin, `?clientId=${other.id}`)).body.items.map((o) => o.id)).toEqual([
      theirs.org.id,
    ]);
  });

  it('searches by name or slug and pages with a cursor, newest first, each org once', async () => {
    const slug = mine[2]!.org.slug;
    expect((await list(client.admin!, `?q=${slug.toUpperCase()}`)).body.items.map((o) => o.id)).toEqual([
      mine[2]!.org.id,
    ]);
    expect((await list(client.admin!, '?q=%25')).body.items).toEqual([]); // LIKE wildcards are literal
    const seen: unknown[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(
        client.admin!,
        `?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((o) => o.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...mine].reverse().map((o) => o.org.id));
    expect((await list(client.admin!, '?cursor=garbage')).status).toBe(400);
  });

  it('sets a tier by hand with a reason, audited; without a reason nothing changes', async () => {
    const target = mine[0]!;
    const url = `/api/admin/orgs/${target.org.id}/tier`;
    const refused = await t.app.inject({
      method: 'PUT',
      url,
      headers: platformAdmin.headers,
      payload: { tier: 'business' },
    });
    expect(refused.statusCode).toBe(400);
    // the platform admin reaches a client's org from the platform host
    const res = await t.app.inject({
      method: 'PUT',
      url,
      headers: platformAdmin.headers,
      payload: { tier: 'business', reason: 'Signed contract #42' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: target.org.id, tier: 'business' });
    const [entry] = await t.platform.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, target.org.id), eq(auditLog.action, 'org.tier.set')));
    expect(entry).toMatchObject({
      actorUserId: platformAdmin.id,
      metadata: { from: 'free', to: 'business', reason: 'Signed contract #42' },
    });
    // a client admin cannot reach another client's org
    const cross = await t.app.inject({
      method: 'PUT',
      url: `/api/admin/orgs/${theirs.org.id}/tier`,
      headers: client.admin!.headers,
      payload: { tier: 'free', reason: 'not mine' },
    });
    expect(cross.statusCode).toBe(404);
    // the older route keeps working without a reason
    const legacy = await t.app.inject({
      method: 'PUT',
      url: `/api/orgs/${target.org.id}/tier`,
      headers: client.admin!.headers,
      payload: { tier: 'free' },
    });
    expect(legacy.statusCode, legacy.body).toBe(200);
  });

  it('without a cluster: the nodes cannot be checked, said plainly', async () => {
    const res = await t.app.inject({
      url: `/api/admin/orgs/${mine[2]!.org.id}/nodes`,
      headers: client.admin!.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      isolation: 'dedicated',
      kubernetes: 'not_connected',
      label: { key: 'k8s-scheduler.io/dedicated-org', value: mine[2]!.org.id },
      howTo: [
        `kubectl label node <node> k8s-scheduler.io/dedicated-org=${mine[2]!.org.id}`,
        `kubectl taint node <node> k8s-scheduler.io/dedicated=${mine[2]!.org.id}:NoSchedule`,
      ],
    });
    expect(res.json().warning).toMatch(/No Kubernetes cluster is connected/);
  });

  it('lists the labelled nodes of a dedicated org and warns when there are none (pods would stay Pending)', async () => {
    const org = mine[2]!.org;
    let nodes: unknown[] = [];
    const selectors: string[] = [];
    const kube = {
      list: async (_type: unknown, opts: { labelSelector?: string }) => {
        selectors.push(opts.labelSelector ?? '');
        return { items: nodes, resourceVersion: '1' };
      },
    } as unknown as KubeClient;
    const orgs = createOrgsService({ db: t.platform.database.db, sharedNamespace: 'ks-shared' });
    const admin = createOrgAdminService({
      db: t.platform.database.db,
      kube: () => kube,
      applyTier: orgs.applyTier,
    });
    const me = await t.platform.database.db.select().from(users).where(eq(users.id, client.admin!.id));
    const ctx = createContext(
      { db: t.platform.database.db, authzCache: null },
      {
        requestId: 'test',
        clientId: client.id,
        logger: createLogger('silent'),
        ip: null,
        userAgent: null,
        auth: () => ({ user: me[0]!, via: 'session' }) as never,
      },
    );
    const none = await admin.dedicatedNodes(ctx, org.id);
    expect(selectors).toEqual([`k8s-scheduler.io/dedicated-org=${org.id}`]);
    expect(none).toMatchObject({ kubernetes: 'connected', nodes: [] });
    expect(none.warning).toBe(
      `No node is labelled k8s-scheduler.io/dedicated-org=${org.id}: this org's pods would stay Pending until one is.`,
    );
    nodes = [
      {
        metadata: { name: 'big-1' },
        spec: { taints: [{ key: 'k8s-scheduler.io/dedicated', value: org.id, effect: 'NoSchedule' }] },
        status: { conditions: [{ type: 'Ready', status: 'True' }] },
      },
    ];
    const one = await admin.dedicatedNodes(ctx, org.id);
    expect(one).toMatchObject({
      nodes: [{ name: 'big-1', ready: true, schedulable: true, tainted: true }],
      warning: null,
    });
    nodes = [{ metadata: { name: 'big-1' }, spec: { unschedulable: true }, status: { conditions: [] } }];
    expect((await admin.dedicatedNodes(ctx, org.id)).warning).toMatch(/None of this org's 1 labelled node/);
    // a business org (namespace isolation) needs no nodes: no warning
    expect((await admin.dedicatedNodes(ctx, mine[1]!.org.id)).warning).toBeNull();
  });
});
