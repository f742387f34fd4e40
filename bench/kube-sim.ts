/**
 * Costs of the local Kubernetes control plane (tools/kube-sim): cold build time (measured now if
 * the binaries are missing, else the recorded one), warm start-up time to /readyz and to Ready
 * nodes, and the resident memory of the whole control plane.
 *
 *   npx tsx bench/kube-sim.ts        (uses its own cluster "bench" on the first free ports from 16600)
 */
import { readFileSync } from 'node:fs';
import {
  buildKubeSim,
  clusterPids,
  ensureCluster,
  findFreePortBase,
  kubeSimAvailability,
  lastBuildSeconds,
  restartApiServer,
  stopCluster,
} from '../tools/kube-sim/cluster';

const name = process.env.KUBE_SIM_BENCH_NAME ?? 'bench';
const quiet = (): void => undefined;

function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m?.[1] ? Number(m[1]) : 0;
}

const mib = (kib: number): string => `${(kib / 1024).toFixed(0)} MiB`;
const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  const availability = kubeSimAvailability();
  if (!availability.available) {
    console.log(`kube-sim bench: cannot run here: ${availability.reason}`);
    process.exitCode = 1;
    return;
  }
  if (availability.via === 'go') {
    console.log('kube-sim: binaries missing, cold build starting (progress on stderr)...');
    const t = Date.now();
    await buildKubeSim();
    console.log(`cold build:                 ${secs(Date.now() - t)} (measured now)`);
  } else {
    const recorded = lastBuildSeconds();
    console.log(
      `cold build:                 ${recorded === null ? 'unknown (built elsewhere)' : `${recorded} s (recorded by build.sh)`}`,
    );
  }

  await stopCluster(name, { onProgress: quiet });
  const portBase = await findFreePortBase(16600);
  const t0 = Date.now();
  let readyzMs: number | null = null;
  await ensureCluster({
    name,
    portBase,
    onProgress: (line) => {
      if (readyzMs === null && line.includes('kube-apiserver ready')) readyzMs = Date.now() - t0;
    },
  });
  const allMs = Date.now() - t0;
  console.log(`warm start to /readyz:      ${readyzMs === null ? '?' : secs(readyzMs)}`);
  console.log(`warm start to nodes Ready:  ${secs(allMs)} (etcd, apiserver, controllers, kwok, 3 nodes)`);

  // Let the controllers finish their initial sync before measuring memory.
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  const pids = clusterPids(name);
  let total = 0;
  for (const [component, pid] of Object.entries(pids)) {
    const kib = rssKiB(pid);
    total += kib;
    console.log(`  rss ${component.padEnd(24)} ${mib(kib)}`);
  }
  console.log(`control plane RSS (idle):   ${mib(total)} in ${Object.keys(pids).length} processes`);

  const t1 = Date.now();
  await restartApiServer(name, quiet);
  console.log(`apiserver restart to /readyz: ${secs(Date.now() - t1)}`);

  const t2 = Date.now();
  await stopCluster(name, { onProgress: quiet, purge: true });
  console.log(`stop:                       ${secs(Date.now() - t2)}`);
}

main().catch(async (err: unknown) => {
  console.error(err);
  await stopCluster(name, { onProgress: quiet }).catch((stopErr: unknown) => console.error(stopErr));
  process.exitCode = 1;
});
