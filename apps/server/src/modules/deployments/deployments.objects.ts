import {
  API_VERSION,
  LABELS,
  MANAGED_BY,
  TENANT_KIND,
  USER_DEPLOYMENT_KIND,
  type Tenant,
  type UserDeployment,
  type UserDeploymentSpec,
} from '@k8s-scheduler/crds';
import { effectiveQuota, namespaceFor, type Plans, type Tier } from '@k8s-scheduler/domain';

/** Annotation carrying the database generation, so the status syncer can map observedGeneration back. */
export const GENERATION_ANNOTATION = 'k8s-scheduler.io/generation';

/** Quota written for orgs whose plan has none and no per-org quota (enterprise, "set per org"). */
const UNSET_QUOTA = { cpu: '256', memory: '1Ti' };

export interface TenantInput {
  org: { id: string; slug: string; tier: Tier; quota: { cpu: string; memory: string } | null };
  plans: Plans;
  sharedNamespace: string;
}

/** The org's tenant name: by id, since org slugs are unique only within one white-label client. */
export function tenantName(orgId: string): string {
  return `org-${orgId}`;
}

/**
 * The namespace an org's deployments run in. Per-org namespaces carry a piece of the org id, as
 * slugs alone collide between white-label clients.
 */
export function orgNamespace(input: TenantInput): string {
  const isolation = input.plans[input.org.tier].isolation;
  if (isolation === 'shared') return input.sharedNamespace;
  return namespaceFor(isolation, `${input.org.slug.slice(0, 40)}-${input.org.id.slice(0, 8)}`);
}

export function tenantObject(input: TenantInput): Tenant {
  const plan = input.plans[input.org.tier];
  return {
    apiVersion: API_VERSION,
    kind: TENANT_KIND,
    metadata: {
      name: tenantName(input.org.id),
      labels: { [LABELS.managedBy]: MANAGED_BY, [LABELS.org]: input.org.id },
    },
    spec: {
      orgId: input.org.id,
      orgSlug: input.org.slug,
      tier: input.org.tier,
      isolation: plan.isolation,
      quota: effectiveQuota(plan, input.org.quota) ?? UNSET_QUOTA,
      namespace: orgNamespace(input),
    },
  };
}

export function userDeploymentObject(row: {
  name: string;
  namespace: string;
  generation: number;
  spec: UserDeploymentSpec;
}): UserDeployment {
  return {
    apiVersion: API_VERSION,
    kind: USER_DEPLOYMENT_KIND,
    metadata: {
      name: row.name,
      namespace: row.namespace,
      labels: {
        [LABELS.managedBy]: MANAGED_BY,
        [LABELS.org]: row.spec.orgId,
        [LABELS.team]: row.spec.teamId,
        [LABELS.deployment]: row.spec.deploymentId,
      },
      annotations: { [GENERATION_ANNOTATION]: String(row.generation) },
    },
    spec: row.spec,
  };
}

/** What a delete entry needs: the object's identity only. */
export function userDeploymentRef(row: { name: string; namespace: string }) {
  return {
    apiVersion: API_VERSION,
    kind: USER_DEPLOYMENT_KIND,
    metadata: { name: row.name, namespace: row.namespace },
  };
}

/** Day-2 overrides (deploy-image, scale) kept on the row and laid over the rendered spec. */
export interface DeploymentOverrides {
  images?: Record<string, string>;
  replicas?: Record<string, number>;
}

export function applyOverrides(spec: UserDeploymentSpec, overrides: DeploymentOverrides): UserDeploymentSpec {
  return {
    ...spec,
    services: spec.services.map((s) => ({
      ...s,
      image: overrides.images?.[s.name] ?? s.image,
      replicas: overrides.replicas?.[s.name] ?? s.replicas,
    })),
  };
}
