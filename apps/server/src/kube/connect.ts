import { clusterCandidates, findCluster, type KubeAuth, type KubeClient } from '@k8s-scheduler/kube';
import type { Config } from '@k8s-scheduler/config';

export interface KubeConnection {
  /** The cluster's address and credentials (@k8s-scheduler/kube; a client-node KubeConfig also fits). */
  kubeConfig: KubeAuth;
  /** The kubeconfig file it was loaded from. */
  file: string;
  /** Where the connection came from, for the start-up log. */
  source: string;
  server: string;
}

/** Makes a readiness probe for an established connection's client. */
export const kubeReadiness = (client: KubeClient) => async () => {
  await client.version(3000);
};

/**
 * Finds the cluster to use. `auto` (the embedded default): the local kube-sim cluster when it is
 * running, else KUBECONFIG, else none (deployments then wait in the outbox). `required` fails instead.
 * Returns null with a reason when there is no cluster. Discovery is @k8s-scheduler/kube's.
 */
export async function connectKubernetes(
  config: Config,
): Promise<{ connection: KubeConnection | null; reason: string }> {
  const k = config.kubernetes;
  if (k.mode === 'off') return { connection: null, reason: 'KUBERNETES=off' };
  const candidates = clusterCandidates({
    localClustersDir: k.localClustersDir,
    localClusterName: k.localClusterName,
    kubeconfig: k.kubeconfig,
  });
  const found = await findCluster(candidates, 3000);
  if (found.cluster) {
    const { kubeConfig, file, source, server } = found.cluster;
    return { connection: { kubeConfig, file: file ?? '', source, server }, reason: '' };
  }
  const reason = candidates.length
    ? `no reachable cluster (${found.failures.join('; ')})`
    : 'no local cluster running (npm run cluster) and KUBECONFIG unset';
  if (k.mode === 'required') throw new Error(`Kubernetes is required but ${reason}`);
  return { connection: null, reason };
}
