/**
 * Node API over tools/kube-sim/cluster.sh: a real local Kubernetes control plane (etcd,
 * kube-apiserver, kube-controller-manager, kube-scheduler, kwok fake nodes) on 127.0.0.1.
 * Used by the vitest global setup, the benchmark and the server's embedded default.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const clusterScript = join(here, 'cluster.sh');
const buildScript = join(here, 'build.sh');
const binaries = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl', 'etcd', 'kwok'];

export type KubeSimCluster = { kubeconfigPath: string; binDir: string; name: string };
export type KubeSimAvailability =
  { available: true; via: 'cache' | 'go'; binDir: string } | { available: false; reason: string };
export type ProgressSink = (line: string) => void;

function cacheHome(): string {
  return process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
}

/** Directory holding every cluster's state (certs, kubeconfig, logs, pid files). */
export function kubeSimHome(): string {
  return process.env.KUBE_SIM_HOME ?? join(cacheHome(), 'k8s-scheduler', 'kube-sim', 'clusters');
}

export function clusterDir(name: string): string {
  return join(kubeSimHome(), name);
}

function readEnvFile(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m?.[1] !== undefined && m[2] !== undefined) out[m[1]] = m[2];
  }
  return out;
}

/** Bin directory build.sh uses for the pinned versions (it may not exist yet). */
export function kubeSimBinDir(): string {
  const v = readEnvFile(join(here, 'versions.env'));
  const key = `k8s-${v.KUBERNETES_VERSION}_etcd-${v.ETCD_VERSION}_kwok-${v.KWOK_VERSION}`;
  const root = process.env.KUBE_SIM_CACHE ?? join(cacheHome(), 'k8s-scheduler', 'kube-sim');
  return join(root, key, 'bin');
}

/** Seconds the last cold build took (written by build.sh), or null if it never built here. */
export function lastBuildSeconds(): number | null {
  const file = join(dirname(kubeSimBinDir()), 'last-build-seconds');
  if (!existsSync(file)) return null;
  const n = Number(readFileSync(file, 'utf8').trim());
  return Number.isFinite(n) ? n : null;
}

function goInstalled(): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
}

/** Whether a cluster can be started here: binaries already cached, or Go present to build them. */
export function kubeSimAvailability(): KubeSimAvailability {
  const binDir = kubeSimBinDir();
  if (binaries.every((b) => existsSync(join(binDir, b)))) return { available: true, via: 'cache', binDir };
  if (goInstalled()) return { available: true, via: 'go', binDir };
  return {
    available: false,
    reason: `Go is not installed and the control-plane binaries are not cached in ${binDir}`,
  };
}

export function kubeSimAvailable(): boolean {
  return kubeSimAvailability().available;
}

function run(
  script: string,
  args: string[],
  env: Record<string, string>,
  onProgress: ProgressSink,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [script, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const tail: string[] = [];
    let partial = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        tail.push(line);
        if (tail.length > 40) tail.shift();
        onProgress(line);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (partial) onProgress(partial);
      if (code === 0) resolve(stdout);
      else reject(new Error(`${script} ${args.join(' ')} exited with ${code}:\n${tail.join('\n')}`));
    });
  });
}

const defaultProgress: ProgressSink = (line) => process.stderr.write(`${line}\n`);

/** Builds the binaries if missing (slow once, seconds afterwards) and returns the bin dir. */
export async function buildKubeSim(onProgress: ProgressSink = defaultProgress): Promise<string> {
  const out = await run(buildScript, [], {}, onProgress);
  const binDir = out.trim().split('\n').at(-1);
  if (!binDir) throw new Error('build.sh printed no bin directory');
  return binDir;
}

/**
 * Starts the named cluster unless it is already running (builds first if needed) and returns
 * where its admin kubeconfig is. Each name needs its own portBase (6 consecutive ports).
 */
export async function ensureCluster(opts: {
  name?: string;
  portBase?: number;
  /** Registers this pid as a user of a shared cluster; see `stopCluster`. */
  holder?: number;
  onProgress?: ProgressSink;
}): Promise<KubeSimCluster> {
  const name = opts.name ?? 'local';
  const env: Record<string, string> = { KUBE_SIM_NAME: name };
  if (opts.portBase !== undefined) env.KUBE_SIM_PORT_BASE = String(opts.portBase);
  if (opts.holder !== undefined) env.KUBE_SIM_HOLDER = String(opts.holder);
  await run(clusterScript, ['start'], env, opts.onProgress ?? defaultProgress);
  const dir = clusterDir(name);
  const ports = readEnvFile(join(dir, 'ports.env'));
  return { name, kubeconfigPath: join(dir, 'kubeconfig'), binDir: ports.BIN ?? kubeSimBinDir() };
}

/**
 * Stops every process of the named cluster and wipes its etcd data; a no-op if not running.
 * With `holder`, only unregisters that holder and leaves the cluster running while other live
 * holders (concurrent test runs) still use it.
 */
export async function stopCluster(
  name: string,
  opts: { holder?: number; onProgress?: ProgressSink; purge?: boolean } = {},
): Promise<void> {
  const env: Record<string, string> = { KUBE_SIM_NAME: name };
  if (opts.holder !== undefined) env.KUBE_SIM_HOLDER = String(opts.holder);
  await run(clusterScript, ['stop'], env, opts.onProgress ?? defaultProgress);
  // purge: also remove the cluster dir (certs, logs) of a throwaway cluster once it is stopped.
  if (opts.purge && Object.keys(clusterPids(name)).length === 0) {
    await rm(clusterDir(name), { recursive: true, force: true });
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** First port base (step 10 from `from`) whose 6 ports are free on 127.0.0.1, for a throwaway cluster. */
export async function findFreePortBase(from = 16700, to = 17700): Promise<number> {
  for (let base = from; base < to; base += 10) {
    let free = true;
    for (let p = base; p < base + 6 && free; p++) free = await portFree(p);
    if (free) return base;
  }
  throw new Error(`no 6 free consecutive ports on 127.0.0.1 between ${from} and ${to}`);
}

/** Restarts only kube-apiserver (etcd keeps the data), returning once /readyz answers ok. */
export async function restartApiServer(
  name: string,
  onProgress: ProgressSink = defaultProgress,
): Promise<void> {
  await run(clusterScript, ['restart-apiserver'], { KUBE_SIM_NAME: name }, onProgress);
}

function processExe(pid: number): string | null {
  try {
    return readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return null; // the process is gone (or not ours to inspect)
  }
}

/** pids of the named cluster's running processes (from its pid files, checked in /proc). */
export function clusterPids(name: string): Record<string, number> {
  const out: Record<string, number> = {};
  const pidDir = join(clusterDir(name), 'pids');
  for (const c of [
    'etcd',
    'kube-apiserver',
    'kube-controller-manager',
    'kube-scheduler',
    'kwok',
    'provisioner',
  ]) {
    const file = join(pidDir, `${c}.pid`);
    if (!existsSync(file)) continue;
    const pid = Number(readFileSync(file, 'utf8').trim());
    const exe = c === 'provisioner' ? 'node' : c; // tools/kube-sim/provisioner.mjs
    if (
      Number.isInteger(pid) &&
      processExe(pid)
        ?.replace(/ \(deleted\)$/, '')
        .endsWith(`/${exe}`)
    )
      out[c] = pid;
  }
  return out;
}

// Runs in a child node process so that the check can stay synchronous for callers at start-up.
const readyzProbe = `
const https = require('node:https');
const fs = require('node:fs');
const req = https.get(process.argv[1], { ca: fs.readFileSync(process.argv[2]), timeout: 2000 }, (res) => {
  let body = '';
  res.on('data', (d) => { body += d; });
  res.on('end', () => process.exit(res.statusCode === 200 && body.trim() === 'ok' ? 0 : 1));
});
req.on('timeout', () => req.destroy(new Error('timeout')));
req.on('error', () => process.exit(1));
`;

/**
 * The admin kubeconfig path of the named local cluster if it is running and its apiserver
 * answers /readyz, else null. The server's embedded default calls this at start.
 */
export function localClusterKubeconfig(name = 'local'): string | null {
  const dir = clusterDir(name);
  const kubeconfigPath = join(dir, 'kubeconfig');
  const portsFile = join(dir, 'ports.env');
  if (!existsSync(kubeconfigPath) || !existsSync(portsFile)) return null;
  if (clusterPids(name)['kube-apiserver'] === undefined) return null;
  const apiPort = readEnvFile(portsFile).API_PORT;
  if (!apiPort) return null;
  const probe = spawnSync(
    process.execPath,
    ['-e', readyzProbe, `https://127.0.0.1:${apiPort}/readyz`, join(dir, 'pki', 'ca.crt')],
    { stdio: 'ignore', timeout: 5000 },
  );
  return probe.status === 0 ? kubeconfigPath : null;
}
