import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, freePort } from '../../../test/setup/services';

/**
 * HA of the servers on this machine: two `k8s-scheduler server` processes on one PostgreSQL and
 * Redis, behind a small round-robin proxy that drops a backend on its first connection error and
 * retries only requests that never reached one. Under steady API load (reads, and orgs created),
 * one server is killed with SIGKILL: no created org is lost, and only requests in flight on the
 * killed server fail. (The operators' Lease takeover is covered by operator.resilience.int.test.ts;
 * two operators behind this harness are not part of it yet.) Figures: bench/ha-servers.md.
 */
const bin = path.resolve(__dirname, '../bin/k8s-scheduler.js');

interface Backend {
  port: number;
  child: ChildProcess;
  alive: boolean;
  out: string;
}

/** Round-robin over live backends; a connection refused before any byte was sent is retried elsewhere. */
function startProxy(backends: Backend[]) {
  let next = 0;
  const stats = { retried: 0, dropped: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const attempt = (tries: number) => {
        const live = backends.filter((b) => b.alive);
        if (live.length === 0 || tries > backends.length) {
          res.writeHead(502).end('no backend');
          return;
        }
        const backend = live[next++ % live.length]!;
        let reached = false;
        const up = http.request(
          { host: '127.0.0.1', port: backend.port, method: req.method, path: req.url, headers: req.headers },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        up.on('socket', (socket) => socket.once('connect', () => (reached = true)));
        up.on('error', () => {
          if (backend.alive) {
            backend.alive = false;
            stats.dropped += 1;
          }
          if (!reached && !res.headersSent) {
            stats.retried += 1;
            attempt(tries + 1);
          } else if (!res.headersSent) res.writeHead(502).end('backend failed mid-request');
          else res.destroy();
        });
        up.end(body);
      };
      attempt(0);
    });
  });
  return { server, stats };
}

describe('two servers behind a round-robin proxy, one killed under load', () => {
  const backends: Backend[] = [];
  let proxy: ReturnType<typeof startProxy>;
  let base = '';

  beforeAll(async () => {
    const databaseUrl = await createDatabase(inject('postgresUrl'), `ha_${randomUUID().replace(/-/g, '')}`);
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/root',
      KUBERNETES: 'off',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      DEV_MODE: 'true',
      METRICS_PORT: '0',
      DATABASE_URL: databaseUrl,
      SESSION_BACKEND: 'redis',
      REDIS_URL: inject('redisUrl'),
      SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      SIGN_IN_RATE_LIMIT: '10000',
    };
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      // The first replica migrates; the second starts on the migrated schema (README: replicas).
      const child = spawn(process.execPath, [bin, 'server'], {
        env: { ...env, PORT: String(port), MIGRATE_ON_START: i === 0 ? 'true' : 'false' },
        stdio: 'pipe',
      });
      const backend: Backend = { port, child, alive: true, out: '' };
      child.stdout!.on('data', (b: Buffer) => (backend.out += b.toString()));
      child.stderr!.on('data', (b: Buffer) => (backend.out += b.toString()));
      backends.push(backend);
      const deadline = Date.now() + 120_000;
      while (
        !(await fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.ok,
          () => false,
        ))
      ) {
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`server ${i} not ready:\n${backend.out}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    proxy = startProxy(backends);
    await new Promise<void>((r) => proxy.server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const b of backends) if (b.child.exitCode === null) b.child.kill('SIGKILL');
    await new Promise((r) => proxy?.server.close(r));
  });

  it('loses no created org and fails only requests in flight on the killed server', async () => {
    const login = await fetch(`${base}/dev/login`, {
      method: 'POST',
      headers: { 'x-requested-with': 'k8s-scheduler', 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ha@example.com' }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const headers = { cookie, 'x-requested-with': 'k8s-scheduler', 'content-type': 'application/json' };

    const created: string[] = [];
    let sent = 0;
    let failed = 0;
    let stop = false;
    const workers = 8;
    const worker = async (w: number) => {
      for (let i = 0; !stop; i++) {
        sent += 1;
        const write = i % 4 === 0;
        try {
          const res = write
            ? await fetch(`${base}/api/orgs`, {
                method: 'POST',
                headers,
                body: JSON.stringify({ name: `ha ${w}-${i}` }),
              })
            : await fetch(`${base}/api/orgs`, { headers });
          if (write && res.status === 201) created.push(((await res.json()) as { id: string }).id);
          else await res.arrayBuffer();
          if (res.status >= 500 || (write ? res.status !== 201 : res.status !== 200)) failed += 1;
        } catch {
          failed += 1;
        }
      }
    };
    const load = Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
    await new Promise((r) => setTimeout(r, 3_000));
    const killedAt = sent;
    backends[0]!.child.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 4_000));
    stop = true;
    await load;

    const list = (await (await fetch(`${base}/api/orgs`, { headers })).json()) as {
      items: Array<{ id: string }>;
    };
    const present = new Set(list.items.map((o) => o.id));
    const lost = created.filter((id) => !present.has(id));
    const figures = {
      sent,
      sentBeforeKill: killedAt,
      failed,
      created: created.length,
      lost: lost.length,
      ...proxy.stats,
    };
    process.stdout.write(`HA servers: ${JSON.stringify(figures)}\n`);
    expect(lost).toEqual([]);
    // At most the requests that were on the killed server when it died (one per worker).
    expect(failed).toBeLessThanOrEqual(workers);
    expect(proxy.stats.dropped).toBe(1);
    expect(sent).toBeGreaterThan(killedAt);
  });
});
