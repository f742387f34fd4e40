import { and, asc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { UserDeploymentSpec } from '@k8s-scheduler/crds';
import type { Db, Tx } from '../../db/database';
import { clients, deployments, organizations } from '../../db/schema';

export type DeploymentRow = typeof deployments.$inferSelect;
export type NewDeploymentRow = typeof deployments.$inferInsert;

/** One deployment by id, with its org's client for host scoping; null when absent or deleted. */
export async function findDeployment(
  db: Db | Tx,
  id: string,
): Promise<(DeploymentRow & { clientId: string | null }) | null> {
  const [row] = await db
    .select({ d: deployments, clientId: organizations.clientId })
    .from(deployments)
    .innerJoin(organizations, eq(organizations.id, deployments.orgId))
    .where(and(eq(deployments.id, id), isNull(deployments.deletedAt)));
  return row ? { ...row.d, clientId: row.clientId } : null;
}

/** The team's live deployments; the team id comes from an already scoped and authorized team. */
export async function listTeamDeployments(db: Db, orgId: string, teamId: string): Promise<DeploymentRow[]> {
  return db
    .select()
    .from(deployments)
    .where(and(eq(deployments.orgId, orgId), eq(deployments.teamId, teamId), isNull(deployments.deletedAt)))
    .orderBy(asc(deployments.createdAt), asc(deployments.id));
}

/**
 * Locks the org row for the rest of the transaction: limit checks (count, quota) and the insert
 * they guard then run one at a time per org, so concurrent creates cannot both pass a limit.
 */
export async function lockOrg(tx: Tx, orgId: string): Promise<void> {
  await tx
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.id, orgId))
    .for('update');
}

/**
 * What counts against the org's limits (deployments not deleted and not being deleted): their
 * number, and their specs when a CPU/memory quota has to be summed (skipped when there is none).
 */
export async function orgUsage(
  tx: Db | Tx,
  orgId: string,
  opts: { exceptId?: string; withSpecs: boolean },
): Promise<{ count: number; specs: Pick<DeploymentRow, 'spec'>[] }> {
  const where = and(
    eq(deployments.orgId, orgId),
    isNull(deployments.deletedAt),
    ne(deployments.phase, 'Deleting'),
    opts.exceptId ? ne(deployments.id, opts.exceptId) : undefined,
  );
  if (opts.withSpecs) {
    const specs = await tx.select({ spec: deployments.spec }).from(deployments).where(where);
    return { count: specs.length, specs };
  }
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(deployments)
    .where(where);
  return { count: Number(row?.n ?? 0), specs: [] };
}

export async function nameTaken(tx: Db | Tx, namespace: string, name: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: deployments.id })
    .from(deployments)
    .where(
      and(eq(deployments.namespace, namespace), eq(deployments.name, name), isNull(deployments.deletedAt)),
    );
  return row !== undefined;
}

export async function insertDeployment(tx: Tx, row: NewDeploymentRow): Promise<DeploymentRow> {
  const [created] = await tx.insert(deployments).values(row).returning();
  if (!created) throw new Error('insert returned no row');
  return created;
}

export async function updateDeployment(
  tx: Tx,
  id: string,
  patch: Partial<NewDeploymentRow>,
): Promise<DeploymentRow> {
  const [updated] = await tx
    .update(deployments)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(deployments.id, id))
    .returning();
  if (!updated) throw new Error(`deployment ${id} vanished`);
  return updated;
}

export async function clientDomain(db: Db, clientId: string | null): Promise<string | null> {
  if (!clientId) return null;
  const [row] = await db
    .select({ domain: clients.deploymentDomain })
    .from(clients)
    .where(eq(clients.id, clientId));
  return row?.domain ?? null;
}

export function specOf(row: Pick<DeploymentRow, 'spec'>): UserDeploymentSpec {
  return row.spec as unknown as UserDeploymentSpec;
}

/**
 * The rows of these deployments of one team, deleted ones included (a live update says "deleted").
 * The team id comes from the change notification and is checked against each row.
 */
export async function findTeamDeploymentRows(
  db: Db,
  teamId: string,
  ids: string[],
): Promise<DeploymentRow[]> {
  if (!ids.length) return [];
  return db
    .select()
    .from(deployments)
    .where(and(eq(deployments.teamId, teamId), inArray(deployments.id, ids)));
}

/**
 * Whether the org or team still has deployments that are not deleted (an org or team is deleted
 * only once they are gone). For the orgs and teams modules.
 */
export async function hasLiveDeployments(
  db: Db | Tx,
  owner: { orgId: string } | { teamId: string },
): Promise<boolean> {
  const [row] = await db
    .select({ id: deployments.id })
    .from(deployments)
    .where(
      and(
        'orgId' in owner ? eq(deployments.orgId, owner.orgId) : eq(deployments.teamId, owner.teamId),
        isNull(deployments.deletedAt),
      ),
    )
    .limit(1);
  return Boolean(row);
}
