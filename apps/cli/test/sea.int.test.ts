/**
 * The single-file executable (apps/cli/sea.mjs: Node's single executable application with the
 * release's files as one asset), copied outside the repository and run with nothing else: it
 * unpacks its files, reaches /readyz, serves the UI and takes a dev sign-in.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/setup/services';
// @ts-expect-error: plain ES module build scripts without type declarations
import { buildRelease } from '../release.mjs';
// @ts-expect-error: plain ES module build scripts without type declarations
import { buildSea } from '../sea.mjs';
import { devSignIn, startPlatform } from './platform.process';

const webBuilt = existsSync(path.resolve(__dirname, '../../web/dist/index.html'));

describe.skipIf(!webBuilt && process.env.CI !== 'true')('the single-file executable', () => {
  let work: string;
  let exe: string;
  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'ks-sea-'));
    const release = (await buildRelease(path.join(work, 'release'))) as { dir: string };
    const built = (await buildSea(release.dir, path.join(work, 'built'))) as { file: string };
    exe = path.join(work, 'bin', 'k8s-scheduler');
    rmSync(release.dir, { recursive: true, force: true });
    mkdirSync(path.dirname(exe));
    copyFileSync(built.file, exe);
    rmSync(built.file);
  }, 300_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('runs alone: /readyz, the UI and a dev sign-in, from an empty data directory', async () => {
    const port = await freePort();
    const platform = await startPlatform({
      command: exe,
      args: ['start'],
      env: {
        PATH: '/usr/bin:/bin',
        HOME: work,
        TMPDIR: path.join(work),
        DATA_DIR: path.join(work, 'data'),
        PORT: String(port),
        METRICS_PORT: '0',
        KUBERNETES: 'off',
        LOG_LEVEL: 'warn',
      },
      port,
    });
    try {
      expect((await fetch(`${platform.base}/`)).status).toBe(200);
      await devSignIn(platform.base);
    } finally {
      expect(await platform.stop()).toBe(0);
    }
  });
});
