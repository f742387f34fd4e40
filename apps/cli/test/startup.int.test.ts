import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/setup/services';

/** Start-up diagnostics and stopping, on real processes (generous deadlines: the machine is shared). */
const repo = path.resolve(__dirname, '../../..');
const bin = path.join(repo, 'apps/cli/bin/k8s-scheduler.js');
const nodeBin = path.join(repo, 'node_modules/.bin');
const env = (extra: Record<string, string>) => ({
  PATH: `${nodeBin}:${process.env.PATH ?? ''}`,
  HOME: process.env.HOME ?? '/root',
  KUBERNETES: 'off',
  LOG_LEVEL: 'info',
  ...extra,
});

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'ks-startup-'));
  dirs.push(d);
  return d;
};

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });

async function waitFor(what: string, check: () => Promise<boolean> | boolean, ms: number, out = () => '') {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${out()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Starts `command` (the platform on embedded defaults) and waits until it answers /readyz. */
async function startServer(command: string, args: string[], extra: Record<string, string> = {}) {
  const port = await freePort();
  const child = spawn(command, args, {
    cwd: repo,
    env: env({ DATA_DIR: tmp(), PORT: String(port), METRICS_PORT: '0', ...extra }),
    stdio: 'pipe',
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  await waitFor(
    'the server to become ready',
    () =>
      fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      ),
    100_000,
    () => out,
  );
  return { child, port, exited, output: () => out };
}

describe('start-up diagnostics', () => {
  it('an unreachable DATABASE_URL is one line naming the host and the network error', () => {
    for (const command of ['server', 'migrate']) {
      const r = spawnSync(process.execPath, [bin, command], {
        env: env({ DATABASE_URL: 'postgres://ks:hunter2@127.0.0.1:1/ks' }),
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(r.status).toBe(1);
      expect(r.stderr.trim().split('\n')).toEqual([
        'k8s-scheduler: cannot start: cannot reach the database at 127.0.0.1:1/ks (DATABASE_URL): connection refused (nothing listens there) (ECONNREFUSED)',
      ]);
      expect(r.stderr + r.stdout).not.toContain('hunter2');
    }
  });

  it('a port in use is one line, before any migration, and a typo of a setting is warned about', async () => {
    const busy = net.createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as net.AddressInfo).port;
    const dataDir = tmp();
    try {
      const r = spawnSync(process.execPath, [bin, 'start'], {
        env: env({
          DATA_DIR: dataDir,
          PORT: String(port),
          DATABSE_URL: 'postgres://x/y',
          LOG_FORMAT: 'json',
        }),
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(r.status).toBe(1);
      expect(r.stderr.trim().split('\n')).toEqual([
        `k8s-scheduler: cannot start: port ${port} on 127.0.0.1 (PORT) is already in use (another k8s-scheduler still running?): stop that process or choose another port`,
      ]);
      // nothing was opened or migrated
      expect(existsSync(path.join(dataDir, 'pglite'))).toBe(false);
      const warning = r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { level: number; msg: string })
        .find((l) => l.msg.startsWith('DATABSE_URL'));
      expect(warning).toMatchObject({
        level: 40,
        msg: 'DATABSE_URL is not a k8s-scheduler setting (ignored); did you mean DATABASE_URL?',
      });
    } finally {
      await new Promise((r) => busy.close(r));
    }
  });

  it('LOG_FORMAT=pretty (the default on a terminal) writes readable lines', async () => {
    const { child, exited, output } = await startServer(process.execPath, [bin, 'start'], {
      LOG_FORMAT: 'pretty',
    });
    child.kill('SIGTERM');
    await exited;
    const lines = output().trim().split('\n');
    expect(lines.some((l) => /^\d\d:\d\d:\d\d\.\d{3} INFO {2}k8s-scheduler is listening on /.test(l))).toBe(
      true,
    );
    expect(lines.some((l) => l.startsWith('{'))).toBe(false);
  });
});

describe('stopping', () => {
  const stops = async (s: Awaited<ReturnType<typeof startServer>>) => {
    await s.exited;
    await waitFor(
      'the server to let go of its port',
      async () => !(await listening(s.port)),
      30_000,
      s.output,
    );
    expect(s.output()).toContain('shutting down');
  };

  it('SIGTERM to `npm start` stops the server too (npm does not pass it on)', async () => {
    const s = await startServer('npm', ['start', '--silent']);
    s.child.kill('SIGTERM');
    await stops(s);
  });

  it('SIGINT (Ctrl-C) to scripts/start.mjs stops the server', async () => {
    const s = await startServer(process.execPath, [path.join(repo, 'scripts/start.mjs')]);
    s.child.kill('SIGINT');
    await stops(s);
  });

  it('SIGKILL of scripts/start.mjs still stops the server (its IPC channel closes)', async () => {
    const s = await startServer(process.execPath, [path.join(repo, 'scripts/start.mjs')]);
    s.child.kill('SIGKILL');
    await stops(s);
  });

  it('SIGTERM to `npx k8s-scheduler start` stops the server', async () => {
    const s = await startServer('npx', ['--no-install', 'k8s-scheduler', 'start']);
    s.child.kill('SIGTERM');
    await stops(s);
  });
});
