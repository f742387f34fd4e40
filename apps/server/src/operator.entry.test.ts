import { describe, expect, it } from 'vitest';
import { loadConfig } from './config/config';
import { operatorOptions } from './operator.entry';

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
      concurrency: 4,
      watchNamespace: 'apps',
      labelSelector: null,
    });
    expect(operatorOptions(loadConfig({ OPERATOR_IDENTITY: 'op-0' }, 'operator')).identity).toBe('op-0');
  });
});
