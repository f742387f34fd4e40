import type { SecretTierDto } from '@k8s-scheduler/contracts';

/** Where a set of secrets lives: the org, one deployment, or one service (container) of a deployment. */
export type SecretScope =
  | { tier: 'organization'; orgId: string }
  | { tier: 'deployment'; deploymentId: string }
  | { tier: 'service'; deploymentId: string; service: string };

const enc = encodeURIComponent;

/** The API path of a scope's secrets (and, with a key, of one secret). */
export function secretsPath(scope: SecretScope, key?: string): string {
  const base =
    scope.tier === 'organization'
      ? `/api/orgs/${enc(scope.orgId)}/secrets`
      : scope.tier === 'deployment'
        ? `/api/deployments/${enc(scope.deploymentId)}/secrets`
        : `/api/deployments/${enc(scope.deploymentId)}/services/${enc(scope.service)}/secrets`;
  return key === undefined ? base : `${base}/${enc(key)}`;
}

export const secretsKeys = {
  all: ['secrets'] as const,
  list: (scope: SecretScope) => [...secretsKeys.all, 'list', scope] as const,
  environments: () => [...secretsKeys.all, 'environment'] as const,
  environment: (deploymentId: string, service: string) =>
    [...secretsKeys.environments(), deploymentId, service] as const,
};

export const tierLabels: Record<SecretTierDto, string> = {
  organization: 'Organization',
  deployment: 'Deployment',
  service: 'Service',
};

/** The permission that lets the caller write a tier (org secrets need the org-level one). */
export function writePermission(tier: SecretTierDto): 'org:secrets:write' | 'secrets:write' {
  return tier === 'organization' ? 'org:secrets:write' : 'secrets:write';
}
