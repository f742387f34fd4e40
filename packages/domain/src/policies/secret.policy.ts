import type { Policy } from '../policy';
import { deploymentPolicy, type DeploymentFacts } from './deployment.policy';
import { orgPolicy, type OrgFacts } from './org.policy';

/**
 * Secrets of the organization tier live on the org: whoever may know the org may know its secrets
 * exist (their role decides `secrets:read` / `org:secrets:write`).
 */
export const orgSecretsPolicy: Policy<OrgFacts> = {
  ...orgPolicy,
  abilities: ['secrets:read', 'org:secrets:write'],
};

/**
 * Secrets of the deployment and service tiers live on the deployment: visible as the deployment is
 * (its team's members, its org's owners/admins; others 404), guarded by `secrets:read` /
 * `secrets:write` on its team.
 */
export const deploymentSecretsPolicy: Policy<DeploymentFacts> = {
  ...deploymentPolicy,
  abilities: ['secrets:read', 'secrets:write'],
};

/** The policy of a secret tier. */
export function secretPolicy(tier: 'organization'): Policy<OrgFacts>;
export function secretPolicy(tier: 'deployment' | 'service'): Policy<DeploymentFacts>;
export function secretPolicy(
  tier: 'organization' | 'deployment' | 'service',
): Policy<OrgFacts> | Policy<DeploymentFacts> {
  return tier === 'organization' ? orgSecretsPolicy : deploymentSecretsPolicy;
}
