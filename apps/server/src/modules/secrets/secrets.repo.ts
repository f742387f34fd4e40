import { and, asc, eq, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database';
import { secrets } from './secrets.schema';
import { scopeWhere } from './builtin.store';
import type { SecretScope, StoreScope, SecretTier } from '@k8s-scheduler/secrets';

/**
 * Secret metadata (keys, tier, revision, who changed it): never values. Every query takes the org
 * first; rows of other orgs are invisible.
 */

export interface SecretRow {
  id: string;
  key: string;
  tier: SecretTier;
  deploymentId: string | null;
  serviceName: string | null;
  revision: number;
  updatedAt: Date;
  /** Who changed it last (the users module names them). */
  updatedById: string | null;
}

const rowColumns = {
  id: secrets.id,
  key: secrets.key,
  tier: secrets.tier,
  deploymentId: secrets.deploymentId,
  serviceName: secrets.serviceName,
  revision: secrets.revision,
  updatedAt: secrets.updatedAt,
  updatedById: secrets.updatedBy,
};

function toRow(r: Omit<SecretRow, 'tier'> & { tier: string }): SecretRow {
  return { ...r, tier: r.tier as SecretTier };
}

/** The keys of one scope, sorted. */
export async function listScope(db: Db, scope: SecretScope): Promise<SecretRow[]> {
  const rows = await db.select(rowColumns).from(secrets).where(scopeWhere(scope)).orderBy(asc(secrets.key));
  return rows.map(toRow);
}

/**
 * Every key that can reach the services of one deployment: the org's, the deployment's and every
 * service's. Scoped by org AND deployment, so another org's rows never match.
 */
export async function keysForDeployment(
  db: Db | Tx,
  orgId: string,
  deploymentId: string,
): Promise<SecretRow[]> {
  const rows = await db
    .select(rowColumns)
    .from(secrets)
    .where(
      and(
        eq(secrets.orgId, orgId),
        or(
          and(eq(secrets.tier, 'organization'), isNull(secrets.deploymentId)),
          and(inArray(secrets.tier, ['deployment', 'service']), eq(secrets.deploymentId, deploymentId)),
        ),
      ),
    )
    .orderBy(asc(secrets.key));
  return rows.map(toRow);
}

/** Creates the key's metadata row (revision 1) or bumps its revision; returns the row's state. */
export async function upsertMeta(
  tx: Tx,
  scope: StoreScope,
  key: string,
  store: 'builtin' | 'vault' | 'aws',
  userId: string | null,
): Promise<{ id: string; revision: number; created: boolean }> {
  // ON CONFLICT names the expressions of the unique index `secrets_scope_key_uq` (NULL-safe scope),
  // or of the partial index `secrets_client_key_uq` for a client's own keys.
  const result = await tx.execute<{ id: string; revision: number }>(
    scope.tier === 'client'
      ? sql`
    insert into ${secrets} (client_id, tier, key, store, updated_by)
    values (${scope.clientId}, 'client', ${key}, ${store}, ${userId})
    on conflict (client_id, key) where client_id is not null
    do update set revision = ${secrets}.revision + 1, updated_by = excluded.updated_by, updated_at = now(), store = excluded.store
    returning id, revision`
      : sql`
    insert into ${secrets} (org_id, tier, deployment_id, service_name, key, store, updated_by)
    values (${scope.orgId}, ${scope.tier}, ${scope.deploymentId}, ${scope.serviceName}, ${key}, ${store}, ${userId})
    on conflict (org_id, tier, coalesce(deployment_id, '00000000-0000-0000-0000-000000000000'::uuid), coalesce(service_name, ''), key)
    do update set revision = ${secrets}.revision + 1, updated_by = excluded.updated_by, updated_at = now(), store = excluded.store
    returning id, revision`,
  );
  const rows = (
    Array.isArray(result) ? result : (result as { rows: { id: string; revision: number }[] }).rows
  ) as { id: string; revision: number }[];
  const row = rows[0];
  if (!row) throw new Error('upsert of secret metadata returned no row');
  return { ...row, created: row.revision === 1 };
}

/** Removes a key's metadata (and, by cascade, a built-in ciphertext); false when absent. */
export async function deleteMeta(
  tx: Tx,
  scope: StoreScope,
  key: string,
): Promise<{ id: string; revision: number } | null> {
  const [row] = await tx
    .delete(secrets)
    .where(and(scopeWhere(scope), eq(secrets.key, key)))
    .returning({ id: secrets.id, revision: secrets.revision });
  return row ?? null;
}

/** Whether the key exists in the scope. */
export async function findMeta(db: Db, scope: SecretScope, key: string): Promise<{ id: string } | null> {
  const [row] = await db
    .select({ id: secrets.id })
    .from(secrets)
    .where(and(scopeWhere(scope), eq(secrets.key, key)));
  return row ?? null;
}

/** Deployments that have deployment- or service-tier keys (the collector checks which are gone). */
export async function deploymentIdsWithSecrets(db: Db): Promise<string[]> {
  const rows = await db
    .selectDistinct({ id: secrets.deploymentId })
    .from(secrets)
    .where(isNotNull(secrets.deploymentId));
  return rows.map((r) => r.id).filter((id): id is string => id !== null);
}
