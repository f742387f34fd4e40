import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DeploymentDetail, DeploymentSnapshotEvent } from '@k8s-scheduler/contracts';
import { startTestPlatform, type DbKind, type TestPlatform } from '../../../test/harness';
import { buildOrg, type Tenant } from '../../../test/authz/factories';
import { loadConfig, createLogger } from '@k8s-scheduler/config';
import type { Db } from '../../db/database';
import { LISTENER_APPLICATION_NAME } from '../../db/notify';
import { syncStatus } from '../../kube/status-sync';
import { markGone } from '../../outbox/outbox.effects';
import { createPlatform, type Platform } from '../../platform';
import { GENERATION_ANNOTATION } from './deployments.objects';
import { MAX_STREAMS_PER_USER } from './deployments.events.routes';
import { openSse, type SseClient, type SseEvent } from './sse.testing';

/** What the status syncer writes when the operator reports `status` for deployment `d`. */
function reportStatus(
  db: Db,
  d: DeploymentDetail,
  status: { phase: DeploymentDetail['phase']; message?: string; urls?: string[]; ready?: number },
) {
  return syncStatus(db, {
    metadata: {
      name: d.name,
      namespace: d.namespace,
      generation: 1,
      annotations: { [GENERATION_ANNOTATION]: '1' },
    },
    spec: { deploymentId: d.id },
    status: {
      phase: status.phase,
      ...(status.message ? { message: status.message } : {}),
      observedGeneration: 1,
      urls: status.urls ?? [],
      services: [{ name: 'web', replicas: 1, readyReplicas: status.ready ?? 0 }],
      conditions: [
        {
          type: 'Ready',
          status: status.phase === 'Ready' ? 'True' : 'False',
          reason: status.phase,
          message: '',
          lastTransitionTime: '2026-01-01T00:00:00Z',
        },
      ],
    },
  });
}

const isDeployment = (id: string, phase?: string) => (e: SseEvent) =>
  e.event === 'deployment' &&
  (e.data as DeploymentDetail).id === id &&
  (phase === undefined || (e.data as DeploymentDetail).phase === phase);

/** The phase of a deployment as a client folding the stream's events would show it. */
function latestPhase(stream: SseClient, id: string): string | undefined {
  let phase: string | undefined;
  for (const e of stream.events) {
    if (e.event === 'snapshot')
      phase = (e.data as DeploymentSnapshotEvent).items.find((i) => i.id === id)?.phase;
    else if (isDeployment(id)(e)) phase = (e.data as DeploymentDetail).phase;
  }
  return phase;
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 3000) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

for (const kind of ['pglite', 'postgres'] as DbKind[]) {
  describe(`deployment events over SSE (${kind})`, () => {
    let t: TestPlatform;
    let base: string;
    let templateId: string;
    const open: SseClient[] = [];

    const subscribe = async (
      tenant: Tenant,
      role: keyof Tenant['as'] = 'viewer',
      teamId = tenant.team.id,
    ) => {
      const { host: _host, ...headers } = tenant.as[role].headers;
      const client = await openSse(base, `/api/teams/${teamId}/deployments/events`, {
        ...headers,
        host: tenant.host,
      });
      open.push(client);
      return client;
    };
    const deploy = async (tenant: Tenant, name: string): Promise<DeploymentDetail> => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/deployments',
        headers: tenant.as.developer.headers,
        payload: { templateId, teamId: tenant.team.id, name, inputs: { SITE_TITLE: 'Live' } },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };

    beforeAll(async () => {
      t = await startTestPlatform({ db: kind });
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      const org = await buildOrg(t);
      const list = await t.app.inject({
        method: 'GET',
        url: '/api/templates?search=static-site',
        headers: org.as.viewer.headers,
      });
      templateId = list.json().items[0].id;
    });
    afterAll(async () => {
      for (const c of open) c.close();
      await t?.close();
    });

    it('sends a snapshot, then each status change of the team within a second, and nothing of other teams', async () => {
      const a = await buildOrg(t, { tier: 'business' });
      const b = await buildOrg(t, { tier: 'business' });
      const mine = await deploy(a, 'live-a');
      const theirs = await deploy(b, 'live-b');

      const stream = await subscribe(a, 'viewer');
      expect(stream.status).toBe(200);
      expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
      expect(stream.headers['cache-control']).toContain('no-cache');
      const snap = (await stream.next((e) => e.event === 'snapshot')).data as DeploymentSnapshotEvent;
      expect(stream.retry).toBe(3000);
      expect(snap.teamId).toBe(a.team.id);
      expect(snap.items.map((d) => d.name)).toEqual(['live-a']);
      expect(snap.items[0]).toMatchObject({ phase: 'Pending', services: [{ name: 'web' }] });
      // The viewer's own abilities, as the detail endpoint would answer them.
      expect(snap.items[0]!.abilities).toContain('deploy:read');
      expect(snap.items[0]!.abilities).not.toContain('deploy:update');

      const mark = stream.events.length;
      await reportStatus(t.platform.database.db, theirs, {
        phase: 'Ready',
        urls: ['https://b.example.test'],
      });
      const started = Date.now();
      await reportStatus(t.platform.database.db, mine, {
        phase: 'Ready',
        urls: ['https://a.example.test'],
        ready: 1,
      });
      const ready = (await stream.next(isDeployment(mine.id, 'Ready'), { from: mark, timeoutMs: 1000 }))
        .data as DeploymentDetail;
      expect(Date.now() - started).toBeLessThan(1000);
      expect(ready).toMatchObject({
        urls: ['https://a.example.test'],
        services: [{ name: 'web', readyReplicas: 1 }],
      });
      expect(ready.conditions[0]).toMatchObject({ type: 'Ready', status: 'True' });
      // The detail endpoint answers exactly what the stream sent.
      const fetched = await t.app.inject({
        method: 'GET',
        url: `/api/deployments/${mine.id}`,
        headers: a.as.viewer.headers,
      });
      expect(fetched.json()).toEqual(ready);
      // Another team's change never reaches this stream.
      expect(stream.events.some((e) => JSON.stringify(e.data).includes(theirs.id))).toBe(false);
    });

    it('coalesces a burst of changes of one deployment into one event with its last state', async () => {
      const a = await buildOrg(t, { tier: 'business' });
      const d = await deploy(a, 'bursty');
      const stream = await subscribe(a, 'developer');
      await stream.next((e) => e.event === 'snapshot');
      const mark = stream.events.length;
      const db = t.platform.database.db;
      for (let i = 0; i < 10; i++) await reportStatus(db, d, { phase: 'Provisioning', message: `step ${i}` });
      const last = await stream.next(
        (e) => isDeployment(d.id)(e) && (e.data as DeploymentDetail).message === 'step 9',
        { from: mark },
      );
      expect(last.data).toMatchObject({ phase: 'Provisioning' });
      await new Promise((r) => setTimeout(r, 400));
      const sent = stream.events.slice(mark).filter(isDeployment(d.id));
      // Ten commits, one window (two when the burst happens to straddle a window's end).
      expect(sent.length).toBeLessThanOrEqual(2);
      // Writing a status the row already has is no change: nothing is sent.
      await reportStatus(db, d, { phase: 'Provisioning', message: 'step 9' });
      await new Promise((r) => setTimeout(r, 500));
      expect(stream.events.slice(mark).filter(isDeployment(d.id))).toHaveLength(sent.length);
    });

    it('announces creates, API updates, Deleting and then deleted', async () => {
      const a = await buildOrg(t, { tier: 'business' });
      const stream = await subscribe(a, 'team_admin');
      expect((await stream.next((e) => e.event === 'snapshot')).data).toMatchObject({ items: [] });
      const d = await deploy(a, 'short-lived');
      await stream.next(isDeployment(d.id, 'Pending'));
      const patch = await t.app.inject({
        method: 'PATCH',
        url: `/api/deployments/${d.id}`,
        headers: a.as.developer.headers,
        payload: { inputs: { SITE_TITLE: 'Changed' } },
      });
      expect(patch.statusCode, patch.body).toBe(200);
      const updated = await stream.next(
        (e) => isDeployment(d.id)(e) && (e.data as DeploymentDetail).generation === 2,
      );
      expect((updated.data as DeploymentDetail).inputs.SITE_TITLE).toBe('Changed');
      const del = await t.app.inject({
        method: 'DELETE',
        url: `/api/deployments/${d.id}`,
        headers: a.as.developer.headers,
      });
      expect(del.statusCode).toBe(202);
      await stream.next(isDeployment(d.id, 'Deleting'));
      await markGone(t.platform.database.db, d.namespace, d.name);
      expect((await stream.next((e) => e.event === 'deleted')).data).toEqual({ id: d.id, teamId: a.team.id });
    });

    it('refuses before the stream starts: outsider, org member without the team, another tenant → 404; signed out → 401', async () => {
      const a = await buildOrg(t);
      const other = await buildOrg(t);
      for (const [tenant, role] of [
        [a, 'outsider'],
        [a, 'org_member'],
        [other, 'viewer'],
      ] as const) {
        const { host: _h, ...headers } = tenant.as[role].headers;
        const res = await openSse(base, `/api/teams/${a.team.id}/deployments/events`, {
          ...headers,
          host: tenant.host,
        });
        expect(res.status, role).toBe(404);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(JSON.parse(await res.body())).toMatchObject({ status: 404, code: 'not_found' });
      }
      const anonymous = await openSse(base, `/api/teams/${a.team.id}/deployments/events`, {});
      expect(anonymous.status).toBe(401);
      await anonymous.body();
      expect(t.platform.services.deploymentEvents.subscriberCount(a.team.id)).toBe(0);
    });

    it('releases the subscription when the client disconnects', async () => {
      const a = await buildOrg(t);
      const stream = await subscribe(a, 'org_owner');
      await stream.next((e) => e.event === 'snapshot');
      expect(t.platform.services.deploymentEvents.subscriberCount(a.team.id)).toBe(1);
      stream.close();
      await until(() => t.platform.services.deploymentEvents.subscriberCount(a.team.id) === 0);
    });

    it('ends the stream of a caller who lost access at the next change', async () => {
      const a = await buildOrg(t, { tier: 'business' });
      const d = await deploy(a, 'revoked');
      const stream = await subscribe(a, 'viewer');
      await stream.next((e) => e.event === 'snapshot');
      await t.platform.database.db.execute(sql`delete from team_members where user_id = ${a.as.viewer.id}`);
      await reportStatus(t.platform.database.db, d, { phase: 'Error', message: 'image pull failed' });
      await stream.ended;
      expect(stream.events.some(isDeployment(d.id))).toBe(false);
    });

    it('ends the stream at the next change once its session is signed out', async () => {
      const a = await buildOrg(t, { tier: 'business' });
      const d = await deploy(a, 'signed-out');
      const stream = await subscribe(a, 'viewer');
      await stream.next((e) => e.event === 'snapshot');
      const out = await t.app.inject({ method: 'POST', url: '/logout', headers: a.as.viewer.headers });
      expect(out.statusCode).toBe(204);
      await reportStatus(t.platform.database.db, d, { phase: 'Ready', urls: ['https://gone.example.test'] });
      await stream.ended;
      expect(stream.events.some(isDeployment(d.id))).toBe(false);
      await until(() => t.platform.services.deploymentEvents.subscriberCount(a.team.id) === 0);
    });

    it('ends an idle stream once its session is signed out, at the next heartbeat re-check', async () => {
      const a = await buildOrg(t, { tier: 'business' });
      // Only interval timers are faked: the stream's heartbeat and re-check run when the test says.
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
      try {
        const stream = await subscribe(a, 'viewer');
        await stream.next((e) => e.event === 'snapshot');
        vi.advanceTimersByTime(15_000);
        await new Promise((r) => setTimeout(r, 100));
        expect(t.platform.services.deploymentEvents.subscriberCount(a.team.id)).toBe(1);
        const out = await t.app.inject({ method: 'POST', url: '/logout', headers: a.as.viewer.headers });
        expect(out.statusCode).toBe(204);
        vi.advanceTimersByTime(15_000);
        await stream.ended;
        await until(() => t.platform.services.deploymentEvents.subscriberCount(a.team.id) === 0);
      } finally {
        vi.useRealTimers();
      }
    });

    it('ends the stream of a revoked API key at the next change', async () => {
      const a = await buildOrg(t, { tier: 'business' });
      const d = await deploy(a, 'key-revoked');
      const owner = a.as.org_owner;
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/me/api-keys',
        headers: owner.headers,
        payload: { name: 'watch', scopes: ['deployments:read'] },
      });
      expect(created.statusCode, created.body).toBe(201);
      const { token, id } = created.json();
      const stream = await openSse(base, `/api/teams/${a.team.id}/deployments/events`, {
        host: a.host,
        authorization: `Bearer ${token}`,
      });
      open.push(stream);
      expect(stream.status).toBe(200);
      await stream.next((e) => e.event === 'snapshot');
      await reportStatus(t.platform.database.db, d, { phase: 'Provisioning', message: 'still allowed' });
      await stream.next(isDeployment(d.id, 'Provisioning'));
      const revoked = await t.app.inject({
        method: 'DELETE',
        url: `/api/me/api-keys/${id}`,
        headers: owner.headers,
      });
      expect(revoked.statusCode).toBe(204);
      const mark = stream.events.length;
      await reportStatus(t.platform.database.db, d, { phase: 'Ready', urls: ['https://key.example.test'] });
      await stream.ended;
      expect(stream.events.slice(mark).some(isDeployment(d.id))).toBe(false);
    });

    it('re-checks the caller on each delivery without evicting anything from the shared authorization cache', async () => {
      const a = await buildOrg(t, { tier: 'business' });
      const d = await deploy(a, 'cache-kept');
      const stream = await subscribe(a, 'viewer');
      await stream.next((e) => e.event === 'snapshot');
      const cache = t.app.authzCache;
      expect(cache).not.toBeNull();
      const evictUser = vi.spyOn(cache!, 'evictUser');
      const flush = vi.spyOn(cache!, 'flush');
      try {
        const mark = stream.events.length;
        await reportStatus(t.platform.database.db, d, {
          phase: 'Ready',
          urls: ['https://kept.example.test'],
        });
        await stream.next(isDeployment(d.id, 'Ready'), { from: mark });
        expect(evictUser).not.toHaveBeenCalled();
        expect(flush).not.toHaveBeenCalled();
      } finally {
        evictUser.mockRestore();
        flush.mockRestore();
      }
    });

    it(`answers 429 beyond ${MAX_STREAMS_PER_USER} open streams of one user, and frees a slot when one closes`, async () => {
      const a = await buildOrg(t);
      const streams: SseClient[] = [];
      for (let i = 0; i < MAX_STREAMS_PER_USER; i++) {
        const s = await subscribe(a, 'viewer');
        expect(s.status).toBe(200);
        streams.push(s);
      }
      const { host: _h, ...headers } = a.as.viewer.headers;
      const refused = await openSse(base, `/api/teams/${a.team.id}/deployments/events`, {
        ...headers,
        host: a.host,
      });
      expect(refused.status).toBe(429);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(await refused.body())).toMatchObject({ status: 429, code: 'rate_limited' });
      // Another user of the same team is not affected.
      const other = await subscribe(a, 'developer');
      expect(other.status).toBe(200);
      streams[0]!.close();
      await until(
        () => t.platform.services.deploymentEvents.subscriberCount(a.team.id) === MAX_STREAMS_PER_USER,
      );
      const again = await subscribe(a, 'viewer');
      expect(again.status).toBe(200);
      for (const s of [...streams, other, again]) s.close();
    });

    if (kind === 'postgres') {
      it('delivers a change made by another server replica on the same database', async () => {
        const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ks-replica-'));
        const config = loadConfig(
          {
            NODE_ENV: 'test',
            DATA_DIR: dataDir,
            LOG_LEVEL: 'silent',
            KUBERNETES: 'off',
            DEV_MODE: 'true',
            DATABASE_URL: t.config.database.kind === 'postgres' ? t.config.database.url : '',
          },
          'server',
        );
        let replica: Platform | null = null;
        try {
          replica = await createPlatform(config, createLogger(config.logLevel), { webDist: null });
          const a = await buildOrg(t, { tier: 'business' });
          const d = await deploy(a, 'cross-replica');
          const stream = await subscribe(a, 'viewer');
          await stream.next((e) => e.event === 'snapshot');
          await reportStatus(replica.database.db, d, {
            phase: 'Ready',
            urls: ['https://replica.example.test'],
          });
          const got = await stream.next(isDeployment(d.id, 'Ready'), { timeoutMs: 1000 });
          expect(got.data).toMatchObject({ urls: ['https://replica.example.test'] });
        } finally {
          await replica?.close();
          rmSync(dataDir, { recursive: true, force: true });
        }
      });

      it('sends fresh snapshots after the listening connection was lost and is back', async () => {
        const a = await buildOrg(t, { tier: 'business' });
        const d = await deploy(a, 'resync');
        const stream = await subscribe(a, 'viewer');
        await stream.next((e) => e.event === 'snapshot');
        const db = t.platform.database.db;
        await db.execute(
          sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${LISTENER_APPLICATION_NAME} and datname = current_database()`,
        );
        // Changed while nobody (or somebody again) listened: the stream ends up showing it either way.
        await reportStatus(db, d, { phase: 'Error', message: 'crash loop' });
        const again = await stream.next((e) => e.event === 'snapshot', { from: 1, timeoutMs: 5000 });
        expect((again.data as DeploymentSnapshotEvent).items.map((i) => i.id)).toEqual([d.id]);
        await until(() => latestPhase(stream, d.id) === 'Error', 5000);
      });
    }

    it('ends open streams when the server shuts down, without holding the shutdown', async () => {
      const own = await startTestPlatform({ db: kind });
      await own.app.listen({ host: '127.0.0.1', port: 0 });
      const ownBase = `http://127.0.0.1:${(own.app.server.address() as AddressInfo).port}`;
      const a = await buildOrg(own);
      const { host: _h, ...headers } = a.as.viewer.headers;
      const stream = await openSse(ownBase, `/api/teams/${a.team.id}/deployments/events`, {
        ...headers,
        host: a.host,
      });
      await stream.next((e) => e.event === 'snapshot');
      const started = Date.now();
      await own.close();
      await stream.ended;
      expect(Date.now() - started).toBeLessThan(3000);
    });
  });
}
