import { SHARED_NAMESPACE } from '@k8s-scheduler/crds';

/**
 * Everything the operator needs to know about the cluster it runs in. The operator reads no
 * environment: the server's config module (apps/server/src/config) maps its variables onto this.
 */
export type OperatorConfig = {
  /** Namespace of the deployments of `shared`-isolation orgs. */
  namespaceShared: string;
  ingressClass: string;
  /** Apex domain of deployment hosts (`<name>.<domain>`); the server writes the host into the spec. */
  deploymentDomain: string;
  /** cert-manager ClusterIssuer for the Ingress TLS annotation. */
  clusterIssuer: string;
  ingressControllerNamespace: string;
  /** ClusterSecretStore of External Secrets Operator; null → the operator writes Secrets itself. */
  clusterSecretStore: string | null;
  /** `external-secrets.io/v1` (ESO ≥ 0.17 / v1 CRDs) or `external-secrets.io/v1beta1`. */
  externalSecretsApiVersion: string;
  externalSecretsRefreshInterval: string;
  externalSecretsKeyPrefix: string;
  dedicatedNodeLabel: string;
  dedicatedTaintKey: string;
  /** Namespace and name of the leader-election Lease. */
  leaseNamespace: string;
  leaseName: string;
  /** Leader election: how long a Lease holds without renewal, how long the leader keeps trying to
   * renew before it steps down (< the duration), and how often renewals and takeovers are tried. */
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  /** Identity of this replica in the Lease (defaults to hostname-pid). */
  identity: string;
  /** Keys reconciled at the same time. */
  concurrency: number;
  /** Re-check interval of a deployment that is not Ready yet. */
  notReadyRequeueMs: number;
  /** A watch with no event or bookmark for this long is restarted. */
  watchHangTimeoutMs: number;
  /** Whether Ready waits for the Ingress to get a load-balancer address. */
  requireIngressAddress: boolean;
};

export const defaultOperatorConfig: Omit<OperatorConfig, 'identity'> = {
  namespaceShared: SHARED_NAMESPACE,
  ingressClass: 'nginx',
  deploymentDomain: 'apps.localhost',
  clusterIssuer: 'letsencrypt',
  ingressControllerNamespace: 'ingress-nginx',
  clusterSecretStore: null,
  externalSecretsApiVersion: 'external-secrets.io/v1',
  externalSecretsRefreshInterval: '1m',
  externalSecretsKeyPrefix: 'k8s-scheduler/',
  dedicatedNodeLabel: 'k8s-scheduler.io/dedicated-org',
  dedicatedTaintKey: 'k8s-scheduler.io/dedicated',
  leaseNamespace: 'kube-system',
  leaseName: 'k8s-scheduler-operator',
  leaseDurationMs: 15_000,
  renewDeadlineMs: 10_000,
  retryPeriodMs: 2_000,
  concurrency: 32,
  notReadyRequeueMs: 10_000,
  watchHangTimeoutMs: 90_000,
  requireIngressAddress: false,
};
