import { describe, expect, it } from 'vitest';
import { loadConfig } from '@k8s-scheduler/config';
import { operatorClusterCandidates, operatorOptions } from './operator.entry';

describe('operatorOptions', () => {
  it('maps the platform configuration onto the operator, leaving the identity to the operator unless set', () => {
    const options = operatorOptions(
      loadConfig(
        {
          SHARED_NAMESPACE: 'free',
          INGRESS_CLASS: 'traefik',
          DEPLOYMENT_DOMAIN: 'apps.example.com',
          CLUSTER_SECRET_STORE: 'vault',
          SECRETS_PATH_PREFIX: 'ks/',
          OPERATOR_CLUSTER_ISSUER: 'internal-ca',
          OPERATOR_INGRESS_NAMESPACE: 'traefik',
          OPERATOR_CONCURRENCY: '4',
          OPERATOR_WATCH_NAMESPACE: 'apps',
          OPERATOR_LEASE_DURATION_SECONDS: '30',
          OPERATOR_LEASE_RENEW_DEADLINE_SECONDS: '20',
          OPERATOR_LEASE_RETRY_PERIOD_SECONDS: '2.5',
        },
        'operator',
      ),
    );
    expect(options).toEqual({
      namespaceShared: 'free',
      ingressClass: 'traefik',
      deploymentDomain: 'apps.example.com',
      clusterSecretStore: 'vault',
      externalSecretsKeyPrefix: 'ks/',
      externalSecretsApiVersion: 'external-secrets.io/v1',
      clusterIssuer: 'internal-ca',
      ingressControllerNamespace: 'traefik',
      leaseNamespace: 'kube-system',
      leaseDurationMs: 30_000,
      renewDeadlineMs: 20_000,
      retryPeriodMs: 2_500,
      concurrency: 4,
      watchNamespace: 'apps',
      labelSelector: null,
    });
    expect(operatorOptions(loadConfig({ OPERATOR_IDENTITY: 'op-0' }, 'operator')).identity).toBe('op-0');
  });
});

describe('operatorClusterCandidates', () => {
  const base = { DATA_DIR: '/tmp/ks-op-test', KUBECONFIG: '/home/me/.kube/prod:/home/me/.kube/other' };
  const everyFileExists = () => true;

  it('in a pod uses only the service account, whatever kubeconfig files lie around', () => {
    const config = loadConfig(
      { ...base, KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' },
      'operator',
    );
    expect(operatorClusterCandidates(config, everyFileExists)).toEqual([
      { kind: 'in-cluster', source: 'in-cluster service account', host: '10.96.0.1', port: '443' },
    ]);
  });

  it('elsewhere tries the local kube-sim cluster, then the first KUBECONFIG file', () => {
    const config = loadConfig(base, 'operator');
    const found = operatorClusterCandidates(config, everyFileExists);
    expect(found.map((c) => c.kind)).toEqual(['kubeconfig', 'kubeconfig']);
    expect(found[0]!.source).toMatch(/^local kube-sim cluster/);
    expect(found[1]).toMatchObject({
      source: 'KUBECONFIG (/home/me/.kube/prod)',
      file: '/home/me/.kube/prod',
    });
    expect(operatorClusterCandidates(config, () => false).map((c) => c.source)).toEqual([
      'KUBECONFIG (/home/me/.kube/prod)',
    ]);
  });
});
