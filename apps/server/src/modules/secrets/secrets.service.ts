import { createHash } from 'node:crypto';
import type { EffectiveEnvironment, SecretEntry, SecretList, SecretWritten } from '@k8s-scheduler/contracts';
import {
  effectiveEnvironment,
  InvalidError,
  NotFoundError,
  secretKeyProblem,
  secretValueProblem,
} from '@k8s-scheduler/domain';
import type { RequestContext } from '../../context/context';
import type { Db, Tx } from '../../db/database';
import { liveDeploymentIdsOfOrg } from '../deployments/deployments.repo';
import { userNamesByIds } from '../users/users.repo';
import { keysForDeployment, listScope, type SecretRow } from './secrets.repo';
import { scopeOf, type SecretScope, type SecretLocator } from '@k8s-scheduler/secrets';
import type { TrackedSecretStore } from './secret.tracked';
import { loadSecretsTarget, type SecretsTarget, type SecretsWhere } from './secrets.access';

export interface SecretsServiceDeps {
  db: Db;
  store: TrackedSecretStore;
  /**
   * The deployments module's re-render: after a write, the deployments whose UserDeployment must
   * change (new secret refs, new secrets revision) are re-rendered and re-applied — every live
   * deployment of the org for an org-tier change, else the one.
   */
  rerender: (deploymentIds: readonly string[], opts: { reason: string }) => Promise<unknown>;
}

function checkKey(key: string): void {
  const problem = secretKeyProblem(key);
  if (problem) throw new InvalidError(`The secret key ${problem}`, [{ path: 'key', message: problem }]);
}

/** The entries of these rows, with who changed each last. */
async function present(db: Db, rows: SecretRow[]): Promise<SecretEntry[]> {
  const names = await userNamesByIds(
    db,
    rows.map((r) => r.updatedById).filter((id): id is string => id !== null),
  );
  return rows.map((r) => ({
    key: r.key,
    tier: r.tier,
    revision: r.revision,
    updatedAt: r.updatedAt.toISOString(),
    updatedBy: (r.updatedById && names.get(r.updatedById)) || null,
  }));
}

/** The locator of one key of the target's tier. */
function locatorOf(t: SecretsTarget, key: string): SecretLocator {
  if (t.deploymentId === null) return { orgId: t.orgId, tier: 'organization', key };
  if (t.service === null) return { orgId: t.orgId, tier: 'deployment', deploymentId: t.deploymentId, key };
  return { orgId: t.orgId, tier: 'service', deploymentId: t.deploymentId, serviceName: t.service, key };
}

/**
 * Secrets of the three tiers (PRODUCT.md §5): keys (never values), set, delete, and a service's
 * effective environment. Org tier: `secrets:read` / `org:secrets:write` on the org; deployment and
 * service tiers: `secrets:read` / `secrets:write` on the deployment's team.
 */
export function createSecretsService(deps: SecretsServiceDeps) {
  const { db } = deps;
  const writePermission = (where: SecretsWhere) => ('orgId' in where ? 'org:secrets:write' : 'secrets:write');

  async function rerenderAffected(scope: SecretScope): Promise<void> {
    const ids =
      scope.tier === 'organization'
        ? await liveDeploymentIdsOfOrg(db, scope.orgId)
        : [scope.deploymentId ?? ''];
    if (ids.length > 0) await deps.rerender(ids, { reason: `${scope.tier} secrets changed` });
  }

  return {
    /** The keys of one tier (metadata only). */
    async list(ctx: RequestContext, where: SecretsWhere): Promise<SecretList> {
      const t = await loadSecretsTarget(db, ctx, where, 'secrets:read');
      const scope = scopeOf(locatorOf(t, ''));
      const items = await listScope(db, scope);
      return {
        tier: scope.tier as SecretList['tier'],
        orgId: t.orgId,
        deploymentId: t.deploymentId,
        service: t.service,
        items: await present(db, items),
        abilities: t.abilities,
      };
    },

    /**
     * Sets (creates or replaces) one key: metadata (revision bump) and audit entry in one
     * transaction, then the value (see `createTrackedStore`), then the affected deployments are
     * re-rendered.
     */
    async set(
      ctx: RequestContext,
      input: SecretsWhere & { key: string; value: string },
    ): Promise<SecretWritten> {
      const t = await loadSecretsTarget(db, ctx, input, writePermission(input));
      const locator = locatorOf(t, input.key);
      checkKey(locator.key);
      const valueProblem = secretValueProblem(input.value);
      if (valueProblem)
        throw new InvalidError(`The secret value ${valueProblem}`, [
          { path: 'value', message: valueProblem },
        ]);
      const scope = scopeOf(locator);
      const meta = await deps.store.write(locator, input.value, {
        userId: ctx.auth?.user.id ?? null,
        inTransaction: (tx, row) =>
          ctx.audit(tx, {
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
      await rerenderAffected(scope);
      const row = (await listScope(db, scope)).find((r) => r.key === locator.key);
      if (!row) throw new NotFoundError('secret', 'The secret was deleted while it was being written.');
      const [entry] = await present(db, [row]);
      return { ...entry!, created: meta.created };
    },

    /** Deletes one key (value first, then metadata + audit entry). 404 when absent. */
    async remove(ctx: RequestContext, input: SecretsWhere & { key: string }): Promise<void> {
      const t = await loadSecretsTarget(db, ctx, input, writePermission(input));
      const locator = locatorOf(t, input.key);
      checkKey(locator.key);
      const scope = scopeOf(locator);
      const existing = (await listScope(db, scope)).find((r) => r.key === locator.key);
      if (!existing) throw new NotFoundError('secret', `No secret ${locator.key} at the ${scope.tier} tier.`);
      await deps.store.remove(locator, {
        inTransaction: (tx, removed) =>
          ctx.audit(tx, {
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
      await rerenderAffected(scope);
    },

    /** The effective secret environment of one service: keys, winning tier, shadowed tiers. */
    async environment(
      ctx: RequestContext,
      input: { deploymentId: string; service: string },
    ): Promise<EffectiveEnvironment> {
      const t = await loadSecretsTarget(db, ctx, input, 'secrets:read');
      const rows = await keysForDeployment(db, t.orgId, input.deploymentId);
      return {
        deploymentId: input.deploymentId,
        service: input.service,
        keys: effectiveEnvironment({
          organization: rows.filter((r) => r.tier === 'organization').map((r) => r.key),
          deployment: rows.filter((r) => r.tier === 'deployment').map((r) => r.key),
          service: rows
            .filter((r) => r.tier === 'service' && r.serviceName === input.service)
            .map((r) => r.key),
        }),
        abilities: t.abilities,
      };
    },
  };
}

export type SecretsService = ReturnType<typeof createSecretsService>;

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
