import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext } from 'playwright-core';
import { freePort } from '../../../test/setup/services';

export { firstRouteJsGzipBytes } from './bundle';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const bin = path.join(repo, 'apps/cli/bin/k8s-scheduler.js');

/** Where the end-to-end runs leave their screenshots (git-ignored). */
export const screenshotDir = path.join(repo, 'test-results/web-e2e');

/**
 * Builds the SPA from the current sources, so the test drives exactly what would ship. NODE_ENV is
 * set explicitly: vitest runs with NODE_ENV=test, which would otherwise produce React's dev build.
 */
export function buildWeb(hostEnv: { PATH: string; HOME: string }): void {
  const r = spawnSync(
    process.execPath,
    [path.join(repo, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: path.join(repo, 'apps/web'),
      env: { ...hostEnv, NODE_ENV: 'production' },
      encoding: 'utf8',
      timeout: 180_000,
    },
  );
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
}

export type RunningPlatform = { base: string; stop: () => Promise<void> };

/**
 * Starts the real platform (`k8s-scheduler start`: PGlite in a temp dir, dev mode on) on a free port.
 * PUBLIC_URL is the address the browser uses, so OAuth callbacks come back to the same origin (and
 * its cookies); `env` adds to or overrides the server's environment.
 */
export async function startPlatform(
  hostEnv: { PATH: string; HOME: string },
  env: Record<string, string> = {},
): Promise<RunningPlatform> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ks-web-e2e-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [bin, 'start'], {
    env: {
      ...hostEnv,
      KUBERNETES: 'off',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      PORT: String(port),
      PUBLIC_URL: base,
      METRICS_PORT: '0',
      ...env,
    },
    stdio: 'pipe',
  });
  let output = '';
  child.stdout?.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    const ready = await fetch(`${base}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) return { base, stop };
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error(`the platform did not become ready:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function launchBrowser(
  executablePath = '/usr/bin/chromium',
  /** Hostnames the browser resolves to the loopback address (e.g. a client's domain). */
  loopbackHosts: readonly string[] = [],
): Promise<Browser> {
  mkdirSync(screenshotDir, { recursive: true });
  return chromium.launch({
    executablePath,
    args: [
      ...(loopbackHosts.length
        ? [`--host-resolver-rules=${loopbackHosts.map((h) => `MAP ${h} 127.0.0.1`).join(',')}`]
        : []),
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A fresh browser profile (own cookies) that fails the test on any uncaught page error. */
export async function newContext(
  browser: Browser,
  base: string,
  width = 1280,
): Promise<{ context: BrowserContext; pageErrors: string[] }> {
  const context = await browser.newContext({
    baseURL: base,
    viewport: { width, height: width < 600 ? 812 : 900 },
  });
  const pageErrors: string[] = [];
  context.on('weberror', (e) => pageErrors.push(e.error().message));
  return { context, pageErrors };
}

/**
 * Calls the platform's API with the browser context's cookies (so the page and the test share the
 * session). The custom header satisfies the CSRF check for requests that send no Origin.
 */
export async function apiCall<T = unknown>(
  context: BrowserContext,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  body?: unknown,
): Promise<T> {
  const res = await context.request.fetch(url, {
    method,
    headers: {
      'x-requested-with': 'k8s-scheduler',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { data: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok()) throw new Error(`${method} ${url} → ${res.status()}: ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}
