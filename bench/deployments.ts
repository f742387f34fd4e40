/**
 * Deployments benchmark: deployments created per second through the API, and the time from
 * `POST /api/deployments` to the UserDeployment existing in the cluster (seen by a watch), p50/p99,
 * at 1 and at 50 concurrent clients — in-process (`app.inject`) and over HTTP.
 *
 *   npx tsx bench/deployments.ts
 *   BENCH_DEPLOYMENTS=200 DATABASE_URL=postgres://... npx tsx bench/deployments.ts
 *
 * Uses its own kube-sim cluster ("bench-deploy", first free ports from 16900) and a fresh PGlite
 * database (or DATABASE_URL). The operator is not running: the figure is the server's path
 * (API → database + outbox → worker → server-side apply), not reconciliation.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { API_VERSION } from '@k8s-scheduler/crds';
import { createKubeClient } from '@k8s-scheduler/kube';
import { ensureCluster, findFreePortBase, kubeSimAvailability, stopCluster } from '../tools/kube-sim/cluster';
import { loadConfig, createLogger } from '@k8s-scheduler/config';
import { createPlatform } from '../apps/server/src/platform';
import { orgMembers, organizations, teams } from '../apps/server/src/db/schema';

const CLUSTER = process.env.KUBE_SIM_BENCH_NAME ?? 'bench-deploy';
const SERIAL = Number(process.env.BENCH_DEPLOYMENTS_SERIAL ?? 40);
const PARALLEL = Number(process.env.BENCH_DEPLOYMENTS ?? 150);
const quiet = (): void => undefined;

type Send = (body: unknown) => Promise<{ status: number; name: string }>;

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function main(): Promise<void> {
  const availability = kubeSimAvailability();
  if (!availability.available) {
    console.log(`deployments bench: cannot run here: ${availability.reason}`);
    process.exitCode = 1;
    return;
  }
  const portBase = await findFreePortBase(16900);
  const { kubeconfigPath } = await ensureCluster({ name: CLUSTER, portBase, onProgress: quiet });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ks-bench-deploy-'));
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    DEV_MODE: 'true',
    KUBERNETES: 'required',
    KUBECONFIG: kubeconfigPath,
    KUBE_SIM_NAME: 'none-such-cluster',
    PORT: '0',
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
  };
  const config = loadConfig(env, 'server');
  const platform = await createPlatform(config, createLogger('silent'), { webDist: null });
  const { app } = platform;
  const kube = createKubeClient(platform.kube!.kubeConfig);
  const USER_DEPLOYMENT = { apiVersion: API_VERSION, kind: 'UserDeployment' };
  const seen = new Map<string, number>();
  const watchAbort = new AbortController();
  try {
    // An enterprise org (no count or quota limit) with one team and its owner, signed in.
    const db = platform.database.db;
    const [org] = await db
      .insert(organizations)
      .values({ name: 'bench', slug: `bench-${Date.now()}`, tier: 'enterprise' })
      .returning();
    const [team] = await db.insert(teams).values({ orgId: org!.id, name: 'Main', slug: 'main' }).returning();
    const login = await app.inject({
      method: 'POST',
      url: '/dev/login',
      headers: { 'x-requested-with': 'k8s-scheduler' },
      payload: { email: 'bench@example.com' },
    });
    const cookie = `ks_session=${login.cookies.find((c) => c.name === 'ks_session')!.value}`;
    await db
      .insert(orgMembers)
      .values({ orgId: org!.id, userId: login.json().user.id as string, role: 'org_owner' });
    const templates = await app.inject({
      method: 'GET',
      url: '/api/templates?search=static-site',
      headers: { cookie },
    });
    const templateId = templates.json().items[0].id as string;
    const headers = { cookie, 'x-requested-with': 'k8s-scheduler' };

    // Warm-up (CRDs, tenant, namespace), then watch every UserDeployment appear.
    const warm = await app.inject({
      method: 'POST',
      url: '/api/deployments',
      headers,
      payload: { templateId, teamId: team!.id },
    });
    const list = await waitFor(async () => {
      const l = await kube.list(USER_DEPLOYMENT).catch(() => undefined);
      return l?.items.some((i) => i.metadata.name === warm.json().name) ? l : undefined;
    });
    const watching = kube
      .watch(
        USER_DEPLOYMENT,
        { resourceVersion: list.resourceVersion },
        (e) => {
          if (e.type === 'ADDED' && !seen.has(e.object.metadata.name))
            seen.set(e.object.metadata.name, performance.now());
        },
        watchAbort.signal,
      )
      .catch((err: unknown) => {
        if (!watchAbort.signal.aborted) console.error('watch ended:', err);
      });

    const viaInject: Send = async (payload) => {
      const r = await app.inject({
        method: 'POST',
        url: '/api/deployments',
        headers,
        payload: payload as object,
      });
      return { status: r.statusCode, name: r.json().name as string };
    };
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const viaHttp: Send = async (payload) => {
      const r = await fetch(`${address}/api/deployments`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(payload),
      });
      const body = (await r.json()) as { name: string };
      return { status: r.status, name: body.name };
    };

    const run = async (label: string, send: Send, total: number, concurrency: number) => {
      const started = new Map<string, number>();
      const apiMs: number[] = [];
      let next = 0;
      const t0 = performance.now();
      const worker = async () => {
        while (next < total) {
          next++;
          const t = performance.now();
          const r = await send({ templateId, teamId: team!.id });
          if (r.status !== 201) throw new Error(`POST answered ${r.status}`);
          apiMs.push(performance.now() - t);
          started.set(r.name, t);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      const apiSeconds = (performance.now() - t0) / 1000;
      await waitFor(async () => ([...started.keys()].every((n) => seen.has(n)) ? true : undefined), 120_000);
      const allSeconds = (performance.now() - t0) / 1000;
      const toCr = [...started].map(([n, t]) => seen.get(n)! - t).sort((a, b) => a - b);
      apiMs.sort((a, b) => a - b);
      console.log(
        `${label.padEnd(22)} ${String(total).padStart(4)} deployments: ${(total / apiSeconds).toFixed(1).padStart(6)}/s through the API ` +
          `(POST p50 ${pct(apiMs, 50).toFixed(0)} ms, p99 ${pct(apiMs, 99).toFixed(0)} ms); ` +
          `POST → custom resource p50 ${pct(toCr, 50).toFixed(0)} ms, p99 ${pct(toCr, 99).toFixed(0)} ms; ` +
          `all in the cluster after ${allSeconds.toFixed(1)} s`,
      );
    };

    console.log(`deployments bench (${platform.database.kind}, kube-sim "${CLUSTER}", operator not running)`);
    await run('inject, 1 client', viaInject, SERIAL, 1);
    await run('inject, 50 clients', viaInject, PARALLEL, 50);
    await run('HTTP, 1 client', viaHttp, SERIAL, 1);
    await run('HTTP, 50 clients', viaHttp, PARALLEL, 50);
    watchAbort.abort();
    await watching;
  } finally {
    watchAbort.abort();
    await kube.close();
    await platform.close();
    rmSync(dataDir, { recursive: true, force: true });
    await stopCluster(CLUSTER, { onProgress: quiet, purge: true });
  }
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // Right after the CRDs are installed the API server may answer 429 while its storage initializes.
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

await main();
