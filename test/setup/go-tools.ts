/**
 * The Go-built tools a test needs (crane, stripe-mock, ...), from the one background build step
 * (tools/gobuild/build.sh, started first by `npm test`). `goTool(name)` returns the binary's path at
 * once when it is cached, waits while the background step is building it (per-tool lock), or builds it
 * itself when nothing is running. Where it cannot be had (no Go, a failed build) it returns
 * `{ path: null, reason }` so the suite can skip with the reason, except under CI=true, where it throws.
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const buildScript = join(dirname(fileURLToPath(import.meta.url)), '../../tools/gobuild/build.sh');

export type GoToolName = 'crane' | 'stripe-mock' | 'helm';
export type GoTool = { path: string; reason: null } | { path: null; reason: string };

const pending = new Map<GoToolName, Promise<GoTool>>();

export function goTool(name: GoToolName): Promise<GoTool> {
  let p = pending.get(name);
  if (!p) {
    p = build(name);
    pending.set(name, p);
  }
  return p;
}

function build(name: GoToolName): Promise<GoTool> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    execFile(
      'bash',
      [buildScript, name],
      { timeout: 40 * 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const path = stdout.trim().split('\n').pop() ?? '';
        if (!error && path) {
          const waited = Date.now() - t0;
          if (waited > 5_000) console.warn(`[go-tools] ${name} ready after ${(waited / 1000).toFixed(0)}s`);
          resolve({ path, reason: null });
          return;
        }
        const reason = `${name} could not be built (tools/gobuild/build.sh ${name}): ${stderr.trim().split('\n').slice(-5).join(' | ') || String(error)}`;
        if (process.env.CI === 'true') reject(new Error(reason));
        else {
          console.warn(`[go-tools] WARNING: tests needing ${name} are SKIPPED: ${reason}`);
          resolve({ path: null, reason });
        }
      },
    );
  });
}
