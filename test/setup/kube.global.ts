/**
 * vitest global setup: one real local Kubernetes control plane (tools/kube-sim) for the whole run,
 * named `test` on its own ports so it never disturbs a developer's `local` cluster.
 * Provides `kubeconfigPath` (null where the control plane cannot run here, with a printed reason).
 */
import type { TestProject } from 'vitest/node';
import {
  ensureCluster,
  kubeSimAvailability,
  lastBuildSeconds,
  stopCluster,
} from '../../tools/kube-sim/cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin kubeconfig of the run's kube-sim cluster, or null when there is none. */
    kubeconfigPath: string | null;
    /** Why there is no cluster (null when there is one). */
    kubeUnavailableReason: string | null;
  }
}

const name = process.env.KUBE_SIM_TEST_NAME ?? 'test';
const portBase = Number(process.env.KUBE_SIM_TEST_PORT_BASE ?? 16460);
let started = false;

function unavailable(project: TestProject, reason: string): void {
  if (process.env.CI === 'true') {
    throw new Error(`[kube-sim] CI requires the local Kubernetes control plane: ${reason}`);
  }
  console.warn(`[kube-sim] WARNING: Kubernetes integration tests will be SKIPPED: ${reason}`);
  project.provide('kubeconfigPath', null);
  project.provide('kubeUnavailableReason', reason);
}

export async function setup(project: TestProject): Promise<void> {
  if (process.env.KUBE_SIM_DISABLE === '1') {
    unavailable(project, 'KUBE_SIM_DISABLE=1 is set');
    return;
  }
  const availability = kubeSimAvailability();
  if (!availability.available) {
    unavailable(project, availability.reason);
    return;
  }
  if (availability.via === 'go') {
    console.warn(
      `[kube-sim] control-plane binaries are not cached: building them with Go into ${availability.binDir} ` +
        '(a cold build takes ~15-45 min on 2 cores; progress follows)',
    );
  }
  const t0 = Date.now();
  // Registered as a holder: a concurrent run sharing this cluster keeps it alive at our teardown.
  const cluster = await ensureCluster({
    name,
    portBase,
    holder: process.pid,
    onProgress: (line) => console.warn(line),
  });
  started = true;
  const built = availability.via === 'go' ? ` (cold build took ${lastBuildSeconds() ?? '?'}s)` : '';
  console.warn(
    `[kube-sim] cluster '${name}' ready in ${((Date.now() - t0) / 1000).toFixed(1)}s${built}: ${cluster.kubeconfigPath}`,
  );
  project.provide('kubeconfigPath', cluster.kubeconfigPath);
  project.provide('kubeUnavailableReason', null);
}

export async function teardown(): Promise<void> {
  if (!started || process.env.KUBE_SIM_KEEP === '1') return;
  await stopCluster(name, { holder: process.pid, onProgress: (line) => console.warn(line) });
}
