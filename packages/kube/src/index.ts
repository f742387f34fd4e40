/**
 * @k8s-scheduler/kube — the one Kubernetes HTTP client of the platform, shared by the operator and
 * the server (its status mirror and outbox): JSON, server-side apply, watch streams on a pooled
 * undici agent; the list/watch loop with its backoff (`runListWatch`); kubeconfig loading
 * (certificates, tokens, exec credential plugins, auth providers, the in-cluster service account)
 * and cluster discovery (in-cluster, the local kube-sim cluster, KUBECONFIG). No client-node.
 */
export {
  createKubeClient,
  isStatus,
  KubeApiError,
  type KubeClient,
  type KubeClientOptions,
  type KubeObject,
  type ListOptions,
  type ListResult,
  type ObjectMeta,
  type WatchEvent,
  type WatchEventType,
  type WatchOptions,
} from './client';
export { Kinds, resourceInfo, resourcePath, type ResourceType } from './resources';
export { defaultKubeconfig, inClusterKubeconfig, loadKubeconfig, type KubeAuth } from './kubeconfig';
export {
  backoffDelay,
  runListWatch,
  type ListWatchOptions,
  type ListWatchSource,
  type WatchRestartReason,
} from './listwatch';
export {
  clusterCandidates,
  findCluster,
  type ClusterCandidate,
  type DiscoveryOptions,
  type FoundCluster,
} from './discovery';
