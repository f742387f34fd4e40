import type { ClientSecretLocator, SecretLocator, SecretTier } from './secret.store';

/** The scope a tier's keys live in: the org, one deployment, or one service of a deployment. */
export interface SecretScope {
  orgId: string;
  tier: SecretTier;
  deploymentId: string | null;
  serviceName: string | null;
}

/** The keys of one white-label client (its OAuth client secrets). */
export interface ClientSecretScope {
  tier: 'client';
  clientId: string;
}

/** Any scope the store holds keys in. */
export type StoreScope = SecretScope | ClientSecretScope;

/**
 * Normalises a locator to its scope: organization keys carry no deployment or service, deployment
 * keys no service. Throws on a locator that lacks what its tier needs (a programming error).
 */
export function scopeOf(locator: Omit<SecretLocator, 'key'>): SecretScope;
export function scopeOf(locator: Omit<SecretLocator, 'key'> | Omit<ClientSecretLocator, 'key'>): StoreScope;
export function scopeOf(locator: Omit<SecretLocator, 'key'> | Omit<ClientSecretLocator, 'key'>): StoreScope {
  if (locator.tier === 'client') return { tier: 'client', clientId: locator.clientId };
  const { orgId, tier } = locator;
  if (tier === 'organization') return { orgId, tier, deploymentId: null, serviceName: null };
  if (!locator.deploymentId) throw new Error(`a ${tier}-tier secret needs a deploymentId`);
  if (tier === 'deployment') return { orgId, tier, deploymentId: locator.deploymentId, serviceName: null };
  if (!locator.serviceName) throw new Error('a service-tier secret needs a serviceName');
  return { orgId, tier, deploymentId: locator.deploymentId, serviceName: locator.serviceName };
}

/**
 * Where the external stores keep one scope's keys, as ONE document whose fields are the keys:
 *
 * | tier         | Vault KV v2 path (under the mount) / AWS Secrets Manager secret name |
 * |--------------|-----------------------------------------------------------------------|
 * | organization | `<prefix>orgs/<orgId>`                                                |
 * | deployment   | `<prefix>orgs/<orgId>/deployments/<deploymentId>`                     |
 * | service      | `<prefix>orgs/<orgId>/deployments/<deploymentId>/services/<service>`  |
 * | client       | `<prefix>clients/<clientId>` (a white-label client's OAuth secrets)   |
 *
 * `<prefix>` is `SECRETS_PATH_PREFIX` (default `k8s-scheduler/`). Vault stores the keys as the
 * fields of the KV v2 secret (`/v1/<mount>/data/<path>`); AWS stores a JSON object as the
 * SecretString. The operator's ExternalSecrets point at the same paths with `property: <key>`
 * (`remoteSecretPath` in packages/domain), so both delivery modes read the same documents.
 */
export function remotePathOf(prefix: string, scope: StoreScope): string {
  if (scope.tier === 'client') return `${prefix}clients/${scope.clientId}`;
  const org = `${prefix}orgs/${scope.orgId}`;
  if (scope.tier === 'organization') return org;
  const dep = `${org}/deployments/${scope.deploymentId ?? ''}`;
  return scope.tier === 'deployment' ? dep : `${dep}/services/${scope.serviceName ?? ''}`;
}
