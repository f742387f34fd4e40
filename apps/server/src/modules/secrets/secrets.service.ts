import { createHash } from 'node:crypto';
import {
  effectiveEnvironment,
  InvalidError,
  NotFoundError,
  secretKeyProblem,
  secretValueProblem,
  type EffectiveKey,
} from '@k8s-scheduler/domain';
import type { Db, Tx } from '../../db/database';
import { deploymentIdsOfOrg, keysForDeployment, listScope, type SecretRow } from './secrets.repo';
import { scopeOf, type SecretScope } from './secret.paths';
import type { SecretLocator, SecretTier } from './secret.store';
import type { TrackedSecretStore } from './secret.tracked';

/** Who writes, and how the audit entry is recorded in the write's transaction. */
export interface SecretActor {
  userId: string | null;
  audit: (
    tx: Tx,
    event: {
      orgId: string;
      action: string;
      targetType: string;
      targetId: string;
      metadata: Record<string, unknown>;
    },
  ) => Promise<void>;
}

/**
 * Called after a write with the deployments whose custom resource must be re-applied (new secret
 * refs, new secrets revision): every live deployment of the org for an org-tier change, else one.
 */
export type SecretsChangedHook = (change: {
  orgId: string;
  deploymentIds: string[];
  tier: SecretTier;
}) => Promise<void>;

export interface SecretsServiceDeps {
  db: Db;
  store: TrackedSecretStore;
  onChanged: SecretsChangedHook;
}

function checkKey(key: string): void {
  const problem = secretKeyProblem(key);
  if (problem) throw new InvalidError(`The secret key ${problem}`, [{ path: 'key', message: problem }]);
}

/**
 * Sets (creates or replaces) one key: metadata (revision bump) and audit entry in one transaction,
 * then the value (see `createTrackedStore`), then the affected deployments are re-applied.
 */
export async function setSecret(
  deps: SecretsServiceDeps,
  actor: SecretActor,
  locator: SecretLocator,
  value: string,
): Promise<SecretRow & { created: boolean }> {
  checkKey(locator.key);
  const valueProblem = secretValueProblem(value);
  if (valueProblem)
    throw new InvalidError(`The secret value ${valueProblem}`, [{ path: 'value', message: valueProblem }]);
  const scope = scopeOf(locator);
  const meta = await deps.store.write(locator, value, {
    userId: actor.userId,
    inTransaction: (tx, row) =>
      actor.audit(tx, {
        orgId: scope.orgId,
        action: row.created ? 'secret.create' : 'secret.update',
        targetType: 'secret',
        targetId: row.id,
        metadata: {
          key: locator.key,
          tier: scope.tier,
          deploymentId: scope.deploymentId,
          service: scope.serviceName,
          revision: row.revision,
        },
      }),
  });
  await notify(deps, scope);
  const row = (await listScope(deps.db, scope)).find((r) => r.key === locator.key);
  if (!row) throw new NotFoundError('secret', 'The secret was deleted while it was being written.');
  return { ...row, created: meta.created };
}

/** Deletes one key (value first, then metadata + audit entry). 404 when absent. */
export async function deleteSecret(
  deps: SecretsServiceDeps,
  actor: SecretActor,
  locator: SecretLocator,
): Promise<void> {
  checkKey(locator.key);
  const scope = scopeOf(locator);
  const existing = (await listScope(deps.db, scope)).find((r) => r.key === locator.key);
  if (!existing) throw new NotFoundError('secret', `No secret ${locator.key} at the ${scope.tier} tier.`);
  await deps.store.remove(locator, {
    inTransaction: (tx, removed) =>
      actor.audit(tx, {
        orgId: scope.orgId,
        action: 'secret.delete',
        targetType: 'secret',
        targetId: removed.id,
        metadata: {
          key: locator.key,
          tier: scope.tier,
          deploymentId: scope.deploymentId,
          service: scope.serviceName,
        },
      }),
  });
  await notify(deps, scope);
}

async function notify(deps: SecretsServiceDeps, scope: SecretScope): Promise<void> {
  const deploymentIds =
    scope.tier === 'organization'
      ? await deploymentIdsOfOrg(deps.db, scope.orgId)
      : [scope.deploymentId ?? ''];
  if (deploymentIds.length > 0) await deps.onChanged({ orgId: scope.orgId, deploymentIds, tier: scope.tier });
}

/** The keys of one tier (metadata only). */
export function listSecrets(db: Db, scope: SecretScope): Promise<SecretRow[]> {
  return listScope(db, scope);
}

/** The effective secret environment of one service: keys, winning tier, shadowed tiers. */
export async function serviceEnvironment(
  db: Db,
  orgId: string,
  deploymentId: string,
  service: string,
): Promise<EffectiveKey[]> {
  const rows = await keysForDeployment(db, orgId, deploymentId);
  return effectiveEnvironment({
    organization: rows.filter((r) => r.tier === 'organization').map((r) => r.key),
    deployment: rows.filter((r) => r.tier === 'deployment').map((r) => r.key),
    service: rows.filter((r) => r.tier === 'service' && r.serviceName === service).map((r) => r.key),
  });
}

/** What rendering a deployment's UserDeployment needs from the secrets: key names and a revision. */
export interface DeploymentSecretRefs {
  organization: string[];
  deployment: string[];
  services: Record<string, string[]>;
  /** Changes whenever any key that reaches the deployment is set or deleted (never derived from values). */
  revision: string;
}

/**
 * The secret inputs of `render` for one deployment (RenderInput.secretRefs and secretsRevision).
 * Deployments call it when they (re-)render the custom resource; no values are read.
 */
export async function deploymentSecretRefs(
  db: Db | Tx,
  orgId: string,
  deploymentId: string,
): Promise<DeploymentSecretRefs> {
  const rows = await keysForDeployment(db, orgId, deploymentId);
  const services: Record<string, string[]> = {};
  for (const r of rows)
    if (r.tier === 'service' && r.serviceName) (services[r.serviceName] ??= []).push(r.key);
  const digest = createHash('sha256');
  for (const r of [...rows].sort((a, b) => (a.id < b.id ? -1 : 1))) digest.update(`${r.id}:${r.revision};`);
  return {
    organization: rows.filter((r) => r.tier === 'organization').map((r) => r.key),
    deployment: rows.filter((r) => r.tier === 'deployment').map((r) => r.key),
    services,
    revision: rows.length === 0 ? '0' : digest.digest('hex').slice(0, 16),
  };
}

/**
 * Removes every deployment- and service-tier key of a deployment from the store and the metadata.
 * For the deployments module when a deployment is finally deleted: the built-in store's rows go
 * with the deployment row by cascade, but Vault and AWS documents would otherwise outlive it.
 */
export async function purgeDeploymentSecrets(
  db: Db,
  store: TrackedSecretStore,
  orgId: string,
  deploymentId: string,
): Promise<number> {
  const rows = (await keysForDeployment(db, orgId, deploymentId)).filter((r) => r.tier !== 'organization');
  for (const r of rows) {
    await store.remove({ orgId, tier: r.tier, deploymentId, serviceName: r.serviceName, key: r.key }, {});
  }
  return rows.length;
}
