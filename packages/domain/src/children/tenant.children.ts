import { LABELS, MANAGED_BY, type Tenant } from '@k8s-scheduler/crds';
import { withAppliedHash } from './children.hash';
import { controllerOwner } from './children.owner';
import type { ChildObject } from './children.types';
import { tenantNetworkPolicies } from './networkpolicy.children';

/** Default container requests/limits in a tenant namespace, so every pod counts against the quota. */
const LIMIT_DEFAULTS = {
  default: { cpu: '500m', memory: '512Mi' },
  defaultRequest: { cpu: '50m', memory: '64Mi' },
};

export type TenantChildren = {
  /** Namespace the tenant's deployments run in. */
  namespace: string;
  /** Whether the namespace is the tenant's own (deleted with it) or the shared one. */
  ownsNamespace: boolean;
  objects: ChildObject[];
};

export function tenantLabels(tenant: Pick<Tenant, 'metadata' | 'spec'>): Record<string, string> {
  return {
    [LABELS.managedBy]: MANAGED_BY,
    [LABELS.tenant]: tenant.metadata.name,
    [LABELS.org]: tenant.spec.orgId,
  };
}

/**
 * The desired children of a Tenant (PRODUCT.md §3):
 *  - shared: only the shared namespace, which the tenant neither owns nor deletes; quotas cannot be
 *    per org there, so isolation comes from each deployment's own NetworkPolicy;
 *  - namespace: the org's namespace, a ResourceQuota, a LimitRange, default-deny NetworkPolicies
 *    allowing DNS and public egress;
 *  - dedicated: as namespace, but egress is restricted to DNS (pods are pinned to the org's nodes
 *    by the deployment children).
 * Every object carries a hash annotation (see `withAppliedHash`).
 */
export function desiredTenantChildren(tenant: Tenant, sharedNamespace: string): TenantChildren {
  const labels = tenantLabels(tenant);
  if (tenant.spec.isolation === 'shared') {
    const namespace = tenant.spec.namespace || sharedNamespace;
    return {
      namespace,
      ownsNamespace: false,
      objects: [
        withAppliedHash({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: namespace, labels: { [LABELS.managedBy]: MANAGED_BY } },
        }),
      ],
    };
  }
  const namespace = tenant.spec.namespace;
  const owned = { labels, ownerReferences: controllerOwner(tenant) };
  const objects: ChildObject[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, ...owned } },
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'ks-quota', namespace, ...owned },
      spec: {
        hard: {
          'requests.cpu': tenant.spec.quota.cpu,
          'requests.memory': tenant.spec.quota.memory,
          'limits.cpu': tenant.spec.quota.cpu,
          'limits.memory': tenant.spec.quota.memory,
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'ks-limits', namespace, ...owned },
      spec: { limits: [{ type: 'Container', ...LIMIT_DEFAULTS }] },
    },
    ...tenantNetworkPolicies(tenant.spec.isolation, namespace, labels).map((p) => ({
      ...p,
      metadata: { ...p.metadata, ownerReferences: controllerOwner(tenant) },
    })),
  ];
  return { namespace, ownsNamespace: true, objects: objects.map(withAppliedHash) };
}
