/**
 * The release (issue #13): its size and the single-file executable's, cold start to
 * /readyz with an existing data directory against today's `npm start` (target <= 2 s), and the
 * server's idle RSS from the release on PostgreSQL (target <= 200 MiB) and on PGlite.
 *
 *   npm run build && npx tsx bench/release.ts
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// @ts-expect-error: a plain ES module build script without type declarations
import { buildRelease, directorySize } from '../apps/cli/release.mjs';
// @ts-expect-error: a plain ES module build script without type declarations
import { buildSea } from '../apps/cli/sea.mjs';
import { startPlatform } from '../apps/cli/test/platform.process';
import { createDatabase, freePort, startPostgres } from '../test/setup/services';

const root = path.resolve(import.meta.dirname, '..');
const MiB = 1024 * 1024;
const verdict = (ok: boolean) => (ok ? 'MET' : 'NOT MET');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function rssMiB(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return kb / 1024;
}

const work = mkdtempSync(path.join(os.tmpdir(), 'ks-bench-release-'));
try {
  const release = (await buildRelease(path.join(work, 'release'))) as { dir: string; bytes: number };
  const launcher = path.join(release.dir, 'bin/k8s-scheduler.mjs');
  console.log(
    `release size: ${(release.bytes / MiB).toFixed(1)} MiB (dist/k8s-scheduler; plus Node 24 itself)`,
  );
  const sea = ((await buildSea(release.dir, path.join(work, 'k8s-scheduler-sea'))) as { file: string }).file;
  console.log(`single executable: ${(statSync(sea).size / MiB).toFixed(1)} MiB (Node 24 included)`);
  const image = path.join(root, 'dist/image/k8s-scheduler.tar');
  if (existsSync(image))
    console.log(`image tarball: ${(statSync(image).size / MiB).toFixed(1)} MiB (layers gzip-compressed)`);
  else console.log('image tarball: not built (bash tools/image/build.sh)');

  const env = (extra: Record<string, string>, port: number) => ({
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: work,
    PORT: String(port),
    METRICS_PORT: '0',
    KUBERNETES: 'off',
    LOG_LEVEL: 'warn',
    ...extra,
  });

  /** Starts, measures ready time (and idle RSS after a settle), stops. */
  async function run(command: string, args: string[], extra: Record<string, string>, settleMs = 0) {
    const port = await freePort();
    const p = await startPlatform({ command, args, env: env(extra, port), port, timeoutMs: 180_000 });
    try {
      if (settleMs) await new Promise((r) => setTimeout(r, settleMs));
      // The server is the process we spawned (npm start: its child; measured for the release only).
      return { readyMs: p.readyMs, rss: settleMs ? rssMiB(p.child.pid!) : 0 };
    } finally {
      await p.stop();
    }
  }

  const dataDir = path.join(work, 'data');
  await run(process.execPath, [launcher, 'start'], { DATA_DIR: dataDir }); // creates and migrates
  const releaseStarts: number[] = [];
  for (let i = 0; i < 5; i++)
    releaseStarts.push((await run(process.execPath, [launcher, 'start'], { DATA_DIR: dataDir })).readyMs);
  const npmStarts: number[] = [];
  for (let i = 0; i < 3; i++) {
    npmStarts.push(
      (await run(process.execPath, [path.join(root, 'scripts/start.mjs')], { DATA_DIR: dataDir })).readyMs,
    );
  }
  const seaStarts: number[] = [];
  for (let i = 0; i < 4; i++) seaStarts.push((await run(sea, ['start'], { DATA_DIR: dataDir })).readyMs);
  seaStarts.shift(); // the first start unpacks its files
  const rel = median(releaseStarts);
  console.log(
    `cold start to /readyz, existing data (PGlite): release p50 ${rel.toFixed(0)} ms (${releaseStarts.map((x) => x.toFixed(0)).join(', ')}); ` +
      `single file p50 ${median(seaStarts).toFixed(0)} ms; npm start p50 ${median(npmStarts).toFixed(0)} ms — target <= 2000 ms: ${verdict(rel <= 2000)}`,
  );

  const pglite = await run(process.execPath, [launcher, 'server'], { DATA_DIR: dataDir }, 5_000);
  console.log(
    `idle RSS, release server on PGlite: ${pglite.rss.toFixed(0)} MiB (embedded database in-process)`,
  );
  const pg = await startPostgres();
  try {
    const url = await createDatabase(pg.url, 'bench_release');
    await run(process.execPath, [launcher, 'server'], { DATABASE_URL: url, DATA_DIR: dataDir }); // migrates
    const onPg = await run(
      process.execPath,
      [launcher, 'server'],
      { DATABASE_URL: url, DATA_DIR: dataDir },
      5_000,
    );
    console.log(
      `idle RSS, release server on PostgreSQL: ${onPg.rss.toFixed(0)} MiB — target <= 200 MiB: ${verdict(onPg.rss <= 200)}`,
    );
  } finally {
    await pg.stop();
  }
  console.log(`(release directory ${(directorySize(release.dir) / MiB).toFixed(1)} MiB on disk)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
