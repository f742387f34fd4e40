/**
 * Cost of authentication and RBAC: authenticated `GET /api/me` and an authenticated list endpoint
 * with a permission check (`GET /api/orgs/:orgId/teams`, by session cookie and by API key) against
 * `/health`, in the same run with the same load generator (keep-alive HTTP, fixed concurrency).
 * Prints req/s, p50 and p99 for each, and the p50 added over /health. Target: ≤ 1 ms at p50.
 * Run: npx tsx bench/auth.ts   (BENCH_SECONDS, BENCH_CONCURRENCY to change the load)
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDatabase, freePort, startPostgres } from '../test/setup/services';

const bin = path.resolve(import.meta.dirname, '../apps/server/bin/k8s-scheduler.js');
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

/** `concurrency` loops sending the same request for `ms`; latencies in ms. */
async function load(port: number, url: string, headers: Record<string, string>, ms: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const res = await call(agent, port, 'GET', url, headers);
        latencies.push(performance.now() - t0);
        if (res.status !== 200) errors++;
      }
    }),
  );
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  return { rps: latencies.length / (ms / 1000), p50: q(0.5), p99: q(0.99), errors };
}

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
    for (const [, url, headers] of cases) await load(port, url, headers, 1000); // warm-up
    const results = [];
    for (const [name, url, headers] of cases)
      results.push({ name, ...(await load(port, url, headers, seconds * 1000)) });
    const base = results[0]!.p50;
    console.log(
      `auth bench (${label}): ${concurrency} concurrent keep-alive connections, ${seconds} s per endpoint`,
    );
    for (const r of results) {
      console.log(
        `${r.name.padEnd(46)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms` +
          (r === results[0] ? '' : `  (+${(r.p50 - base).toFixed(2)} ms p50 over /health)`) +
          (r.errors ? `  ${r.errors} non-200` : ''),
      );
    }
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
