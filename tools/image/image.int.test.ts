/**
 * The container image (tools/image/build.sh), built here without Docker, unpacked, and run from its
 * root filesystem in a fresh mount and PID namespace with a read-only root and DATA_DIR on a writable
 * mount (tools/image/run-rootfs.sh): it reaches /readyz and takes a dev sign-in, as the image's
 * non-root user, as PID 1.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goTool } from '../../test/setup/go-tools';
import { freePort } from '../../test/setup/services';
// @ts-expect-error: a plain ES module build script without type declarations
import { buildRelease } from '../../apps/cli/release.mjs';
import { devSignIn, startPlatform } from '../../apps/cli/test/platform.process';

const root = path.resolve(__dirname, '../..');
const webBuilt = existsSync(path.join(root, 'apps/web/dist/index.html'));
const canUnshare =
  process.getuid?.() === 0 && spawnSync('unshare', ['--mount', '--pid', '--fork', 'true']).status === 0;
const why = !webBuilt
  ? 'the web UI is not built (npm run build)'
  : !canUnshare
    ? 'running an image root filesystem needs root and unshare(1)'
    : null;
if (why && process.env.CI === 'true') throw new Error(`the image test cannot run in CI: ${why}`);
if (why) console.warn(`[image] WARNING: the image test is SKIPPED: ${why}`);

type Descriptor = { mediaType: string; digest: string; size: number };
const blob = (layout: string, d: Descriptor) => path.join(layout, 'blobs', ...d.digest.split(':'));

describe.skipIf(why !== null)('the container image', () => {
  let work: string;
  let layout: string;
  let rootfs: string;
  let digest: string;
  beforeAll(async () => {
    const crane = await goTool('crane');
    if (crane.path === null) throw new Error(crane.reason);
    work = mkdtempSync(path.join(os.tmpdir(), 'ks-image-'));
    const release = (await buildRelease(path.join(work, 'release'))) as { dir: string };
    const out = path.join(work, 'image');
    digest = execFileSync('bash', [path.join(root, 'tools/image/build.sh'), out], {
      env: { ...process.env, RELEASE_DIR: release.dir },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 600_000,
    })
      .trim()
      .split('\n')
      .pop()!;
    layout = path.join(out, 'oci');
    rootfs = path.join(work, 'rootfs');
    mkdirSync(rootfs);
    for (const layer of manifest().layers) execFileSync('tar', ['-xzf', blob(layout, layer), '-C', rootfs]);
  }, 900_000);
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const json = <T>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;
  const manifest = () => {
    const index = json<{ manifests: Descriptor[] }>(path.join(layout, 'index.json'));
    return json<{ config: Descriptor; layers: Descriptor[] }>(blob(layout, index.manifests[0]!));
  };

  it('is an OCI image whose digest is printed, run as a non-root user', () => {
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const index = json<{ manifests: Descriptor[] }>(path.join(layout, 'index.json'));
    expect(index.manifests[0]!.digest).toBe(digest);
    const config = json<{ architecture: string; os: string; config: Record<string, unknown> }>(
      blob(layout, manifest().config),
    );
    expect(config).toMatchObject({ architecture: 'amd64', os: 'linux' });
    expect(config.config).toMatchObject({
      User: '65532:65532',
      Entrypoint: ['/usr/local/bin/node', '/app/bin/k8s-scheduler.mjs'],
      Cmd: ['server'],
    });
    expect(config.config.Env).toEqual(expect.arrayContaining(['NODE_ENV=production', 'DATA_DIR=/data']));
    expect(readFileSync(path.join(rootfs, 'etc/passwd'), 'utf8')).toContain('nonroot:x:65532:65532');
    expect(existsSync(path.join(rootfs, 'etc/ssl/certs/ca-certificates.crt'))).toBe(true);
    expect(existsSync(path.join(rootfs, 'usr/share/zoneinfo/Europe/Paris'))).toBe(true);
    expect(existsSync(path.join(rootfs, 'app/node_modules/tsx'))).toBe(false);
    // Nothing but the Node binary is executable from the root filesystem: no shell, no package manager.
    expect(existsSync(path.join(rootfs, 'bin/sh'))).toBe(false);
    expect(existsSync(path.join(rootfs, 'usr/bin/apt'))).toBe(false);
  });

  it('runs from its root filesystem (own mount and PID namespace, read-only root) to /readyz and a dev sign-in', async () => {
    const data = path.join(work, 'data');
    mkdirSync(data);
    chownSync(data, 65532, 65532);
    const port = await freePort();
    const platform = await startPlatform({
      command: path.join(root, 'tools/image/run-rootfs.sh'),
      args: [rootfs, data, '/usr/local/bin/node', '/app/bin/k8s-scheduler.mjs', 'start'],
      env: {
        PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
        // What `docker run -e NODE_ENV=development ... start` passes to try it out; the image's own
        // environment (NODE_ENV=production) is asserted above.
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATA_DIR: '/data',
        METRICS_PORT: '0',
        KUBERNETES: 'off',
        LOG_LEVEL: 'warn',
        HOME: '/home/nonroot',
      },
      port,
    });
    try {
      const session = await devSignIn(platform.base);
      expect(session.userId).toMatch(/[0-9a-f-]{36}/);
      expect((await fetch(`${platform.base}/`)).status).toBe(200);
      // The server process, seen from the host: the image's user, PID 1 of its own namespace, and a
      // read-only root.
      const unsharePid = platform.child.pid!;
      const nodePid = execFileSync('pgrep', ['-P', String(unsharePid)], { encoding: 'utf8' }).trim();
      const status = readFileSync(`/proc/${nodePid}/status`, 'utf8');
      expect(status).toMatch(/^Uid:\s+65532\s/m);
      expect(status).toMatch(/^NSpid:\s+\d+\s+1$/m);
      const mounts = readFileSync(`/proc/${nodePid}/mountinfo`, 'utf8').split('\n');
      const rootMount = mounts.find((l) => l.split(' ')[4] === '/');
      expect(rootMount?.split(' ')[5]).toMatch(/(^|,)ro(,|$)/);
      // The data directory got the embedded database.
      expect(existsSync(path.join(data, 'pglite'))).toBe(true);
    } finally {
      await platform.stop();
    }
  });
});
