import { SHARED_NAMESPACE } from '@k8s-scheduler/crds';

/** Everything the operator needs to know about the cluster it runs in. */
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
  concurrency: 32,
  notReadyRequeueMs: 10_000,
  watchHangTimeoutMs: 90_000,
  requireIngressAddress: false,
};

/** Reads `OPERATOR_*` environment variables over the defaults (the only place that reads env). */
export function operatorConfigFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<OperatorConfig> {
  const out: Partial<OperatorConfig> = {};
  const str = (name: string): string | undefined => (env[name] && env[name] !== '' ? env[name] : undefined);
  const num = (name: string): number | undefined => {
    const raw = str(name);
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
    return n;
  };
  const set = <K extends keyof OperatorConfig>(key: K, value: OperatorConfig[K] | undefined): void => {
    if (value !== undefined) out[key] = value;
  };
  set('namespaceShared', str('OPERATOR_NAMESPACE_SHARED'));
  set('ingressClass', str('OPERATOR_INGRESS_CLASS'));
  set('deploymentDomain', str('DEPLOYMENT_DOMAIN'));
  set('clusterIssuer', str('OPERATOR_CLUSTER_ISSUER'));
  set('ingressControllerNamespace', str('OPERATOR_INGRESS_NAMESPACE'));
  set('clusterSecretStore', str('OPERATOR_CLUSTER_SECRET_STORE'));
  set('externalSecretsApiVersion', str('OPERATOR_EXTERNAL_SECRETS_API_VERSION'));
  set('leaseNamespace', str('OPERATOR_LEASE_NAMESPACE'));
  set('identity', str('OPERATOR_IDENTITY') ?? str('HOSTNAME'));
  set('concurrency', num('OPERATOR_CONCURRENCY'));
  return out;
}

/** Where to find the cluster: `$KUBECONFIG`, or the in-cluster service host and port. */
export function kubeEnv(env: NodeJS.ProcessEnv = process.env): { path?: string; serviceHost?: string; servicePort?: string } {
  return {
    ...(env.KUBECONFIG ? { path: env.KUBECONFIG.split(':')[0] } : {}),
    ...(env.KUBERNETES_SERVICE_HOST ? { serviceHost: env.KUBERNETES_SERVICE_HOST } : {}),
    ...(env.KUBERNETES_SERVICE_PORT ? { servicePort: env.KUBERNETES_SERVICE_PORT } : {}),
  };
}
