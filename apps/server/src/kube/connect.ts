import { existsSync } from 'node:fs';
import path from 'node:path';
import { KubeConfig, VersionApi } from '@kubernetes/client-node';
import type { Config } from '../config/config';

export interface KubeConnection {
  kubeConfig: KubeConfig;
  /** The kubeconfig file it was loaded from. */
  file: string;
  /** Where the connection came from, for the start-up log. */
  source: string;
  server: string;
}

async function reachable(kc: KubeConfig, timeoutMs = 3000): Promise<void> {
  const api = kc.makeApiClient(VersionApi);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      api.getCode(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Makes a readiness probe for an established connection. */
export const kubeReadiness = (conn: KubeConnection) => () => reachable(conn.kubeConfig);

/**
 * Finds the cluster to use. `auto` (the embedded default): the local kube-sim cluster when it is
 * running, else KUBECONFIG, else none (deployments then wait in the outbox). `required` fails instead.
 * Returns null with a reason when there is no cluster.
 */
export async function connectKubernetes(
  config: Config,
): Promise<{ connection: KubeConnection | null; reason: string }> {
  const k = config.kubernetes;
  if (k.mode === 'off') return { connection: null, reason: 'KUBERNETES=off' };
  const candidates: Array<{ file: string; source: string }> = [];
  const local = path.join(k.localClustersDir, k.localClusterName, 'kubeconfig');
  if (existsSync(local))
    candidates.push({ file: local, source: `local kube-sim cluster "${k.localClusterName}"` });
  if (k.kubeconfig) candidates.push({ file: k.kubeconfig, source: `KUBECONFIG (${k.kubeconfig})` });
  const reasons: string[] = [];
  for (const c of candidates) {
    const kc = new KubeConfig();
    try {
      kc.loadFromFile(c.file);
      await reachable(kc);
      return {
        connection: {
          kubeConfig: kc,
          file: c.file,
          source: c.source,
          server: kc.getCurrentCluster()?.server ?? '?',
        },
        reason: '',
      };
    } catch (err) {
      reasons.push(`${c.source}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const reason = candidates.length
    ? `no reachable cluster (${reasons.join('; ')})`
    : 'no local cluster running (npm run cluster) and KUBECONFIG unset';
  if (k.mode === 'required') throw new Error(`Kubernetes is required but ${reason}`);
  return { connection: null, reason };
}
