/**
 * The release (apps/cli/release.mjs, what `npm run build` writes to dist/k8s-scheduler/) runs on
 * plain Node 24 from a copy outside the repository with no node_modules of the checkout: it starts on
 * an empty DATA_DIR, serves the UI and the API with its system templates, and starts again on the
 * same data.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/setup/services';
// @ts-expect-error: a plain ES module build script without type declarations
import { buildRelease } from '../release.mjs';
import { devSignIn, startPlatform } from './platform.process';

const webBuilt = existsSync(path.resolve(__dirname, '../../web/dist/index.html'));

describe.skipIf(!webBuilt && process.env.CI !== 'true')('the release artifact', () => {
  let work: string;
  let release: string;
  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'ks-release-'));
    const built = (await buildRelease(path.join(work, 'build'))) as { dir: string };
    // A copy elsewhere: nothing may point back into the checkout.
    release = path.join(work, 'opt', 'k8s-scheduler');
    cpSync(built.dir, release, { recursive: true });
    rmSync(built.dir, { recursive: true, force: true });
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const env = (dataDir: string, port: number) => ({
    // Only what a host gives a service: no NODE_PATH, no tsx, no checkout on the path.
    PATH: '/usr/bin:/bin',
    HOME: work,
    DATA_DIR: dataDir,
    PORT: String(port),
    METRICS_PORT: '0',
    KUBERNETES: 'off',
    LOG_LEVEL: 'warn',
  });

  it('holds no dev tooling and names its licences', () => {
    expect(existsSync(path.join(release, 'node_modules/tsx'))).toBe(false);
    expect(existsSync(path.join(release, 'node_modules/@electric-sql/pglite/dist/pglite.wasm'))).toBe(true);
    expect(readFileSync(path.join(release, 'LICENSE'), 'utf8')).toContain('Apache License');
    const notice = readFileSync(path.join(release, 'NOTICE'), 'utf8');
    for (const pkg of ['fastify', 'drizzle-orm', 'pino', '@electric-sql/pglite'])
      expect(notice).toContain(`  ${pkg} `);
    // The repository's NOTICE is the release's: when the bundled packages change, regenerate it
    // (npm run build && cp dist/k8s-scheduler/NOTICE .).
    expect(readFileSync(path.resolve(__dirname, '../../../NOTICE'), 'utf8')).toBe(notice);
  });

  it('starts on an empty DATA_DIR, serves the UI and the API, and starts again on the same data', async () => {
    const dataDir = path.join(work, 'data');
    const port = await freePort();
    const launcher = path.join(release, 'bin/k8s-scheduler.mjs');
    const first = await startPlatform({
      command: process.execPath,
      args: [launcher, 'start'],
      env: env(dataDir, port),
      port,
    });
    let userId: string;
    try {
      const index = await fetch(`${first.base}/`);
      expect(index.status).toBe(200);
      const html = await index.text();
      expect(html).toContain('<div id="root">');
      const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      expect(asset).toBeTruthy();
      expect((await fetch(`${first.base}${asset}`)).status).toBe(200);
      const session = await devSignIn(first.base);
      userId = session.userId;
      const templates = await fetch(`${first.base}/api/templates`, { headers: { cookie: session.cookie } });
      expect(templates.status).toBe(200);
      const names = ((await templates.json()) as { items: { name: string }[] }).items.map((t) => t.name);
      expect(names.length).toBeGreaterThanOrEqual(6);
    } finally {
      expect(await first.stop()).toBe(0);
    }
    const second = await startPlatform({
      command: process.execPath,
      args: [launcher, 'start'],
      env: env(dataDir, port),
      port,
    });
    try {
      expect((await devSignIn(second.base)).userId).toBe(userId);
    } finally {
      await second.stop();
    }
  });
});
