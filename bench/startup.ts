/**
 * Start-up benchmark of the embedded default: time from launching `k8s-scheduler start` (fresh and
 * with existing data) to `/readyz` = 200, and the idle RSS of the process afterwards.
 * Run: npx tsx bench/startup.ts   (KUBERNETES=off so the figure is the platform's own cost)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../test/setup/services';

const bin = path.resolve(import.meta.dirname, '../apps/cli/bin/k8s-scheduler.js');

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function once(dataDir: string): Promise<{ readyMs: number; rss: number }> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [bin, 'start'], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      KUBERNETES: 'off',
      LOG_LEVEL: 'warn',
      METRICS_PORT: '0',
    },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      if (child.exitCode !== null) throw new Error('server exited before becoming ready');
      if (performance.now() - t0 > 120_000) throw new Error('not ready within 120 s');
      await new Promise((r) => setTimeout(r, 25));
    }
    const readyMs = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 3000)); // settle to idle
    return { readyMs, rss: rssMiB(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'ks-bench-start-'));
try {
  const cold = await once(dir);
  const warm: number[] = [];
  let rss = 0;
  for (let i = 0; i < 3; i++) {
    const r = await once(dir);
    warm.push(r.readyMs);
    rss = r.rss;
  }
  warm.sort((a, b) => a - b);
  console.log(
    `startup: first start (new database + migrations) to /readyz: ${(cold.readyMs / 1000).toFixed(2)} s`,
  );
  console.log(
    `startup: restart with existing data to /readyz (median of 3): ${(warm[1]! / 1000).toFixed(2)} s`,
  );
  console.log(`startup: idle RSS of the embedded default: ${rss.toFixed(0)} MiB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
