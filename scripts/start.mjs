// `npm start`: builds what is missing (the SPA), then runs `k8s-scheduler start` on embedded defaults.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// A fresh clone: install the dependencies first (this also brings the pinned Node 24).
const localNode = path.join(root, 'node_modules/.bin/node');
if (!existsSync(localNode) || !existsSync(path.join(root, 'node_modules/tsx'))) {
  console.log('[start] installing npm dependencies (npm ci) ...');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const webDir = path.join(root, 'apps/web');
const dist = path.join(webDir, 'dist/index.html');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const stale = !existsSync(dist) || newestMtime(path.join(webDir, 'src')) > statSync(dist).mtimeMs;
if (stale) {
  console.log('[start] building the web UI (apps/web) ...');
  const r = spawnSync('npm', ['run', 'build', '-w', 'apps/web'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
// Run the CLI on the project's Node 24 even when npm itself was started by an older node. The IPC
// channel ties the server to this process: if this one dies (even by SIGKILL), the server stops.
const child = spawn(
  existsSync(localNode) ? localNode : process.execPath,
  [path.join(root, 'apps/cli/bin/k8s-scheduler.js'), 'start', ...process.argv.slice(2)],
  { cwd: root, stdio: ['inherit', 'inherit', 'inherit', 'ipc'] },
);
// Ctrl-C / SIGTERM: passed on for a graceful stop; another one a second later stops the server at
// once. (Ctrl-C reaches npm, this process and the server together, and npm passes it on too: the
// copies that arrive within a second are one signal.)
let firstSignalAt = 0;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const now = Date.now();
    if (!firstSignalAt) {
      firstSignalAt = now;
      child.kill(sig);
    } else if (now - firstSignalAt > 1000) {
      child.kill('SIGKILL');
    }
  });
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
