import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/setup/services';

const bin = path.resolve(__dirname, '../bin/k8s-scheduler.js');
const cleanEnv = (extra: Record<string, string>) => {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/root',
    KUBERNETES: 'off',
    LOG_LEVEL: 'warn',
  };
  return { ...env, ...extra };
};

describe('k8s-scheduler CLI', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it.each([
    [{ DATABASE_URL: 'nonsense' }, 'DATABASE_URL'],
    [{ SESSION_BACKEND: 'mongo' }, 'SESSION_BACKEND'],
  ])('stops with a one-line message naming the variable (%o)', (env, name) => {
    const r = spawnSync(process.execPath, [bin, 'start'], {
      env: cleanEnv(env),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(name);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('starts on embedded defaults, serves the API, and keeps data across restarts', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ks-cli-'));
    dirs.push(dataDir);
    const run = async <T>(fn: (base: string) => Promise<T>): Promise<T> => {
      const port = await freePort();
      const metricsPort = await freePort();
      const child = spawn(process.execPath, [bin, 'start'], {
        env: cleanEnv({ DATA_DIR: dataDir, PORT: String(port), METRICS_PORT: String(metricsPort) }),
        stdio: 'pipe',
      });
      let out = '';
      child.stdout.on('data', (b: Buffer) => (out += b.toString()));
      child.stderr.on('data', (b: Buffer) => (out += b.toString()));
      const base = `http://127.0.0.1:${port}`;
      try {
        const deadline = Date.now() + 60_000;
        for (;;) {
          const ok = await fetch(`${base}/readyz`).then(
            (r) => r.status === 200,
            () => false,
          );
          if (ok) break;
          if (Date.now() > deadline || child.exitCode !== null)
            throw new Error(`server did not become ready:\n${out}`);
          await new Promise((r) => setTimeout(r, 200));
        }
        expect(out).toContain('DEV MODE IS ON');
        // Prometheus metrics answer on their own listener only, never on the public API port.
        expect((await fetch(`${base}/metrics`)).status).toBe(404);
        const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
        expect(metrics.status).toBe(200);
        expect(await metrics.text()).toContain('http_request_duration_seconds');
        return await fn(base);
      } finally {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    };
    const signIn = async (base: string) => {
      const res = await fetch(`${base}/dev/login`, {
        method: 'POST',
        headers: { 'x-requested-with': 'k8s-scheduler' },
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { user: { id: string } }).user.id;
    };
    const first = await run(signIn);
    const second = await run(signIn);
    expect(second).toBe(first);
  });

  it('admin grant|revoke <email> changes platform admin on the database, audited', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ks-cli-admin-'));
    dirs.push(dataDir);
    const admin = (...args: string[]) =>
      spawnSync(process.execPath, [bin, 'admin', ...args], {
        env: cleanEnv({ DATA_DIR: dataDir }),
        encoding: 'utf8',
        timeout: 120_000,
      });
    const usage = admin('promote', 'a@example.com');
    expect(usage.status).toBe(1);
    expect(usage.stderr).toContain('usage: k8s-scheduler admin grant|revoke <email>');
    expect(admin('grant', 'not-an-email').stderr).toContain('is not an email address');

    const grant = admin('grant', 'Root@Example.com');
    expect(grant.status, grant.stderr).toBe(0);
    expect(grant.stdout).toContain('Root@Example.com is now a platform admin (account created');
    expect(admin('grant', 'root@example.com').stdout).toContain('is already a platform admin');
    const revoke = admin('revoke', 'root@example.com');
    expect(revoke.status, revoke.stderr).toBe(0);
    expect(revoke.stdout).toContain('is no longer a platform admin');
    const unknown = admin('revoke', 'nobody@example.com');
    expect(unknown.status).toBe(1);
    expect(unknown.stdout).toContain('no direct user with the email nobody@example.com');

    const { openDatabase } = await import('@k8s-scheduler/server');
    const db = await openDatabase({ kind: 'pglite', dir: path.join(dataDir, 'pglite') });
    try {
      const rows = await db.db.query.auditLog.findMany({ orderBy: (a, { asc }) => [asc(a.createdAt)] });
      expect(rows.map((r) => [r.action, r.metadata.via])).toEqual([
        ['platform_admin.grant', 'cli'],
        ['platform_admin.revoke', 'cli'],
      ]);
    } finally {
      await db.close();
    }
  });
});
