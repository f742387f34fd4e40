import { existsSync } from 'node:fs';
import path from 'node:path';
import { createKubeClient } from './client';
import { inClusterKubeconfig, loadKubeconfig, type KubeAuth } from './kubeconfig';

export type ClusterCandidate =
  | { kind: 'in-cluster'; source: string; host: string; port: string }
  | { kind: 'kubeconfig'; source: string; file: string };

export type DiscoveryOptions = {
  /** The pod's service account (KUBERNETES_SERVICE_HOST/PORT); when set, the only candidate. */
  inCluster?: { host: string; port: string } | null;
  /** The local kube-sim clusters' directory and the cluster's name (its kubeconfig is `<dir>/<name>/kubeconfig`). */
  localClustersDir: string;
  localClusterName: string;
  /** KUBECONFIG (its first file). */
  kubeconfig?: string | null;
};

/**
 * Where to look for a cluster, in order. In a pod (service-account variables set) only there: a
 * leftover kubeconfig on the image or host must never point a production process at another
 * cluster. Elsewhere: the local kube-sim cluster when its kubeconfig exists, then the first file of
 * KUBECONFIG.
 */
export function clusterCandidates(
  options: DiscoveryOptions,
  exists: (file: string) => boolean = existsSync,
): ClusterCandidate[] {
  if (options.inCluster)
    return [{ kind: 'in-cluster', source: 'in-cluster service account', ...options.inCluster }];
  const candidates: ClusterCandidate[] = [];
  const local = path.join(options.localClustersDir, options.localClusterName, 'kubeconfig');
  if (exists(local))
    candidates.push({
      kind: 'kubeconfig',
      source: `local kube-sim cluster "${options.localClusterName}"`,
      file: local,
    });
  if (options.kubeconfig) {
    const file = options.kubeconfig.split(path.delimiter)[0] ?? options.kubeconfig;
    candidates.push({ kind: 'kubeconfig', source: `KUBECONFIG (${file})`, file });
  }
  return candidates;
}

export type FoundCluster = {
  kubeConfig: KubeAuth;
  /** Where it came from, for the start-up log. */
  source: string;
  server: string;
  version: string;
  /** The kubeconfig file, when it came from one. */
  file: string | null;
};

/**
 * The first candidate that answers `GET /version` within `timeoutMs`; null with each candidate's
 * failure (`source: message`) when none does.
 */
export async function findCluster(
  candidates: ClusterCandidate[],
  timeoutMs = 5_000,
): Promise<{ cluster: FoundCluster; failures: [] } | { cluster: null; failures: string[] }> {
  const reasons: string[] = [];
  for (const candidate of candidates) {
    try {
      const kubeConfig =
        candidate.kind === 'in-cluster'
          ? inClusterKubeconfig(candidate.host, candidate.port)
          : loadKubeconfig(candidate.file);
      const client = createKubeClient(kubeConfig, { requestTimeoutMs: timeoutMs });
      try {
        const version = await client.version(timeoutMs);
        return {
          cluster: {
            kubeConfig,
            source: candidate.source,
            server: kubeConfig.getCurrentCluster()?.server ?? '?',
            version,
            file: candidate.kind === 'kubeconfig' ? candidate.file : null,
          },
          failures: [],
        };
      } finally {
        await client.close();
      }
    } catch (err) {
      reasons.push(`${candidate.source}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { cluster: null, failures: reasons };
}
