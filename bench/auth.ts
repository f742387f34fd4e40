/**
 * Cost of authentication and RBAC: authenticated `GET /api/me` and an authenticated list endpoint
 * with a permission check (`GET /api/orgs/:orgId/teams`, by session cookie and by API key) against
 * `/health`, in the same run with the same load generator (keep-alive HTTP, fixed concurrency).
 * Two passes per endpoint: 1 connection (pure latency, no queueing) and BENCH_CONCURRENCY connections
 * (throughput). Prints req/s, p50 and p99 for each, the p50 added over /health, and the p50/p99 of
 * the auth + authz durations the server itself measured (`Server-Timing: auth;dur=…, authz;dur=…`:
 * authentication, loading the caller's roles, guards). Target (issue #4): auth + RBAC ≤ 1 ms at p50,
 * judged on the server-timed figure of the 1-connection pass; the verdict is printed.
 * Run: npx tsx bench/auth.ts   (BENCH_SECONDS, BENCH_CONCURRENCY to change the load)
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDatabase, freePort, startPostgres } from '../test/setup/services';

const bin = path.resolve(import.meta.dirname, '../apps/cli/bin/k8s-scheduler.js');
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 10);

function call(
  agent: Agent,
  port: number,
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: unknown,
) {
  return new Promise<{
    status: number;
    body: string;
    headers: Record<string, string | string[] | undefined>;
  }>((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: url,
        agent,
        headers: { ...headers, ...(payload ? { 'content-type': 'application/json' } : {}) },
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (data += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const quantile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : Number.NaN;

/** auth + authz milliseconds of a `Server-Timing` header (`auth;dur=0.081, authz;dur=0.012`). */
function authCost(header: string | string[] | undefined): number | null {
  if (typeof header !== 'string') return null;
  let total = 0;
  let seen = false;
  for (const part of header.split(',')) {
    const m = /^\s*(auth|authz);dur=([\d.]+)\s*$/.exec(part);
    if (m) {
      total += Number(m[2]);
      seen = true;
    }
  }
  return seen ? total : null;
}

/** `conc` loops sending the same request for `ms`; latencies and server-timed auth+authz in ms. */
async function load(port: number, url: string, headers: Record<string, string>, ms: number, conc: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: conc });
  const latencies: number[] = [];
  const authMs: number[] = [];
  let errors = 0;
  const end = performance.now() + ms;
  await Promise.all(
    Array.from({ length: conc }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const res = await call(agent, port, 'GET', url, headers);
        latencies.push(performance.now() - t0);
        if (res.status !== 200) errors++;
        const cost = authCost(res.headers['server-timing']);
        if (cost !== null) authMs.push(cost);
      }
    }),
  );
  agent.destroy();
  latencies.sort((a, b) => a - b);
  authMs.sort((a, b) => a - b);
  return {
    rps: latencies.length / (ms / 1000),
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    authP50: quantile(authMs, 0.5),
    authP99: quantile(authMs, 0.99),
    errors,
  };
}

const TARGET_MS = 1;
const fmt = (n: number) => (Number.isNaN(n) ? '   n/a' : n.toFixed(3).padStart(6));

async function benchmark(label: string, extraEnv: Record<string, string>) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ks-bench-auth-'));
  const port = await freePort();
  const child = spawn(process.execPath, [bin, 'start'], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      KUBERNETES: 'off',
      LOG_LEVEL: 'warn',
      DEV_MODE: 'true',
      NODE_ENV: 'development',
      METRICS_PORT: '0',
      ...extraEnv,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const setup = new Agent({ keepAlive: true });
    for (let i = 0; ; i++) {
      const ok = await call(setup, port, 'GET', '/readyz', {}).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      if (child.exitCode !== null || i > 2400) throw new Error('server did not become ready');
      await new Promise((r) => setTimeout(r, 50));
    }
    const csrf = { 'x-requested-with': 'k8s-scheduler' };
    const login = await call(setup, port, 'POST', '/dev/login', csrf, { email: 'bench@example.com' });
    const cookie = String((login.headers['set-cookie'] as string[])[0]).split(';')[0]!;
    const org = JSON.parse(
      (await call(setup, port, 'POST', '/api/orgs', { ...csrf, cookie }, { name: 'Bench' })).body,
    ) as { id: string };
    for (const name of ['One', 'Two', 'Three'])
      await call(setup, port, 'POST', `/api/orgs/${org.id}/teams`, { ...csrf, cookie }, { name });
    const key = JSON.parse(
      (
        await call(
          setup,
          port,
          'POST',
          '/api/me/api-keys',
          { ...csrf, cookie },
          { name: 'bench', scopes: ['teams:read'] },
        )
      ).body,
    ) as { token: string };
    setup.destroy();

    const cases: Array<[string, string, Record<string, string>]> = [
      ['GET /health (no auth)', '/health', {}],
      ['GET /api/me (session cookie)', '/api/me', { cookie }],
      ['GET /api/orgs/:orgId/teams (session cookie)', `/api/orgs/${org.id}/teams`, { cookie }],
      [
        'GET /api/orgs/:orgId/teams (API key)',
        `/api/orgs/${org.id}/teams`,
        { authorization: `Bearer ${key.token}` },
      ],
    ];
    for (const [, url, headers] of cases) await load(port, url, headers, 1000, concurrency); // warm-up (the authorization cache is warm from here on: steady state)
    const passes = [
      { title: 'latency: 1 connection, no queueing', conc: 1 },
      { title: `throughput: ${concurrency} concurrent keep-alive connections`, conc: concurrency },
    ];
    console.log(
      `\nauth bench (${label}), ${seconds} s per endpoint and pass, load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    const verdicts: Array<{ name: string; p50: number }> = [];
    for (const pass of passes) {
      const results = [];
      for (const [name, url, headers] of cases)
        results.push({ name, ...(await load(port, url, headers, seconds * 1000, pass.conc)) });
      const base = results[0]!.p50;
      console.log(`  ${pass.title}`);
      console.log(
        `  ${''.padEnd(44)} ${'req/s'.padStart(6)}  ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)}  ${'+p50 vs /health'.padStart(15)}   server-timed auth+authz p50 / p99 ms`,
      );
      for (const r of results) {
        const isBase = r === results[0];
        console.log(
          `  ${r.name.padEnd(44)} ${r.rps.toFixed(0).padStart(6)}  ${r.p50.toFixed(2).padStart(7)} ${r.p99.toFixed(2).padStart(7)}  ${(isBase ? '' : `+${(r.p50 - base).toFixed(2)}`).padStart(15)}   ${fmt(r.authP50)} / ${fmt(r.authP99)}` +
            (r.errors ? `  ${r.errors} non-200` : ''),
        );
        if (pass.conc === 1 && !isBase) verdicts.push({ name: r.name, p50: r.authP50 });
      }
    }
    const met = verdicts.every((v) => v.p50 <= TARGET_MS);
    const worst = Math.max(...verdicts.map((v) => v.p50));
    console.log(
      `  TARGET auth+RBAC <= ${TARGET_MS} ms at p50 (server-timed, 1 connection): ${met ? 'MET' : 'NOT MET'} (worst endpoint p50 ${worst.toFixed(3)} ms)`,
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await benchmark('embedded PGlite, memory sessions', {});
const pg = await startPostgres();
try {
  const url = await createDatabase(pg.url, 'bench_auth');
  await benchmark('PostgreSQL, PostgreSQL sessions', { DATABASE_URL: url, SESSION_BACKEND: 'postgres' });
} finally {
  await pg.stop();
}
