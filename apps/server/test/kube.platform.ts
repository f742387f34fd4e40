import { GROUP, TENANT_PLURAL, VERSION } from '@k8s-scheduler/crds';
import type { KubeTestContext } from '../../../test/setup/kube';
import type { Tenant } from './authz/factories';
import { startTestPlatform, type TestPlatform } from './harness';

/** The test platform on the local control plane: Kubernetes required, the CRDs installed by the server. */
export function startPlatformOnCluster(kube: KubeTestContext): Promise<TestPlatform> {
  return startTestPlatform({
    env: {
      KUBERNETES: 'required',
      KUBECONFIG: kube.kubeconfigPath,
      KUBE_SIM_NAME: 'none-such-cluster',
      INSTALL_CRDS: 'true',
    },
  });
}

/**
 * After a suite: removes what a tenant's org left on the cluster, its namespace and its Tenant
 * object. Best effort, as either may already be gone.
 */
export async function removeTenantFromCluster(kube: KubeTestContext, org: Tenant): Promise<void> {
  const ns = `ks-org-${org.org.slug}-${org.org.id.slice(0, 8)}`;
  await kube.core.deleteNamespace({ name: ns }).catch(() => undefined);
  await kube.custom
    .deleteClusterCustomObject({
      group: GROUP,
      version: VERSION,
      plural: TENANT_PLURAL,
      name: `org-${org.org.id}`,
    })
    .catch(() => undefined);
}
