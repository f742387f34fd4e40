import { and, asc, eq, inArray, isNotNull, isNull, ne, or, sql } from 'drizzle-orm';
import type { UserDeploymentSpec } from '@k8s-scheduler/crds';
import type { Db, Tx } from '../../db/database';
import { orgIdsOfClient } from '../orgs/orgs.repo';
import { deployments } from './deployments.schema';

/**
 * The one reader and writer of the `deployments` table. Lookups by a request take the request's
 * client first: another client's deployment does not exist. Other modules call these functions
 * (or the deployments service) and never query the table themselves.
 */

export type DeploymentRow = typeof deployments.$inferSelect;
export type NewDeploymentRow = typeof deployments.$inferInsert;
/** A deployment with the client of its org (the tenant its requests must come from). */
export type ScopedDeploymentRow = DeploymentRow & { clientId: string | null };

/** One live deployment of this client (null: the platform's own orgs); null when absent, deleted or another client's. */
export async function findDeployment(
  db: Db | Tx,
  clientId: string | null,
  id: string,
): Promise<ScopedDeploymentRow | null> {
  const [row] = await db
    .select()
    .from(deployments)
    .where(
      and(
        eq(deployments.id, id),
        isNull(deployments.deletedAt),
        inArray(deployments.orgId, orgIdsOfClient(clientId)),
      ),
    );
  return row ? { ...row, clientId } : null;
}

/**
 * Locks one live deployment for the rest of the transaction (a re-render reads and rewrites it).
 * The ids come from a caller that already scoped and authorized them.
 */
export async function lockDeployment(tx: Tx, id: string): Promise<DeploymentRow | null> {
  const [row] = await tx
    .select()
    .from(deployments)
    .where(and(eq(deployments.id, id), isNull(deployments.deletedAt)))
    .for('update');
  return row ?? null;
}

/** The team's live deployments; the team id comes from an already scoped and authorized team. */
export async function listTeamDeployments(db: Db, orgId: string, teamId: string): Promise<DeploymentRow[]> {
  return db
    .select()
    .from(deployments)
    .where(and(eq(deployments.orgId, orgId), eq(deployments.teamId, teamId), isNull(deployments.deletedAt)))
    .orderBy(asc(deployments.createdAt), asc(deployments.id));
}

/** Ids of the org's live deployments (those an org-wide change, e.g. an org secret, affects). */
export async function liveDeploymentIdsOfOrg(db: Db | Tx, orgId: string): Promise<string[]> {
  const rows = await db
    .select({ id: deployments.id })
    .from(deployments)
    .where(and(eq(deployments.orgId, orgId), isNull(deployments.deletedAt)));
  return rows.map((r) => r.id);
}

/** Whether the org (or one team) still has deployments that are not deleted. */
export async function hasLiveDeployments(
  db: Db | Tx,
  where: { orgId: string } | { teamId: string },
): Promise<boolean> {
  const [row] = await db
    .select({ id: deployments.id })
    .from(deployments)
    .where(
      and(
        'orgId' in where ? eq(deployments.orgId, where.orgId) : eq(deployments.teamId, where.teamId),
        isNull(deployments.deletedAt),
      ),
    )
    .limit(1);
  return row !== undefined;
}

/** Which of these deployments are gone (soft-deleted once their object left the cluster), with their org. */
export async function goneDeployments(
  db: Db,
  ids: readonly string[],
): Promise<{ id: string; orgId: string }[]> {
  if (!ids.length) return [];
  return db
    .select({ id: deployments.id, orgId: deployments.orgId })
    .from(deployments)
    .where(and(inArray(deployments.id, [...ids]), isNotNull(deployments.deletedAt)));
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

export async function insertDeployment(tx: Db | Tx, row: NewDeploymentRow): Promise<DeploymentRow> {
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

/** The stored UserDeployment spec of a row. */
export function specOf(row: Pick<DeploymentRow, 'spec'>): UserDeploymentSpec {
  return row.spec;
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

/** Messages of a deployment that has not reached the cluster yet (set by the deployments service). */
export const NO_CLUSTER_MESSAGE = 'no cluster connected';
export const WAITING_MESSAGE = 'waiting to be applied to the cluster';
export const APPLIED_MESSAGE = 'applied to the cluster; waiting for the operator';

/** After its UserDeployment was applied: a deployment still waiting says it reached the cluster. */
export async function markApplied(db: Db, id: string): Promise<void> {
  await db
    .update(deployments)
    .set({ statusMessage: APPLIED_MESSAGE })
    .where(
      and(
        eq(deployments.id, id),
        eq(deployments.phase, 'Pending'),
        inArray(deployments.statusMessage, [NO_CLUSTER_MESSAGE, WAITING_MESSAGE]),
      ),
    );
}

/** A deployment being deleted whose object has left the cluster: its row is done. */
export async function markGone(db: Db, namespace: string, name: string): Promise<void> {
  await db
    .update(deployments)
    .set({ deletedAt: sql`now()`, statusMessage: 'deleted' })
    .where(
      and(
        eq(deployments.namespace, namespace),
        eq(deployments.name, name),
        eq(deployments.phase, 'Deleting'),
        isNull(deployments.deletedAt),
      ),
    );
}

/** The status fields the cluster reports, as mirrored onto a deployment row. */
export interface MirroredStatus {
  phase: string;
  statusMessage: string | null;
  conditions: unknown[];
  servicesStatus: unknown[];
  urls: string[];
}

/**
 * Copies a UserDeployment's status onto its row (the status mirror): same deployment, same object;
 * a row being deleted keeps "Deleting" until the object is gone; a status the row already has is no
 * change (no write, no live update to the UI). `observedGeneration` only when the operator has seen
 * the row's current spec.
 */
export async function mirrorStatus(
  db: Db,
  target: { id: string; name: string; namespace: string },
  next: MirroredStatus,
  observedGeneration: number | null,
): Promise<void> {
  const observed = observedGeneration !== null;
  await db
    .update(deployments)
    .set({
      ...(next as Partial<typeof deployments.$inferInsert>),
      ...(observed ? { observedGeneration } : {}),
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(deployments.id, target.id),
        eq(deployments.name, target.name),
        eq(deployments.namespace, target.namespace),
        isNull(deployments.deletedAt),
        sql`${deployments.phase} <> 'Deleting'`,
        or(
          sql`${deployments.phase} is distinct from ${next.phase}`,
          sql`${deployments.statusMessage} is distinct from ${next.statusMessage}`,
          sql`${deployments.conditions} is distinct from ${JSON.stringify(next.conditions)}::jsonb`,
          sql`${deployments.servicesStatus} is distinct from ${JSON.stringify(next.servicesStatus)}::jsonb`,
          sql`${deployments.urls} is distinct from ${JSON.stringify(next.urls)}::jsonb`,
          observed
            ? sql`${deployments.observedGeneration} is distinct from ${observedGeneration}`
            : undefined,
        ),
      ),
    );
}

/** Rows being deleted whose object may have left the cluster (the status mirror checks them at a relist). */
export function listDeleting(db: Db) {
  return db
    .select({ name: deployments.name, namespace: deployments.namespace })
    .from(deployments)
    .where(and(eq(deployments.phase, 'Deleting'), isNull(deployments.deletedAt)));
}

/** Live deployments (not deleted, not being deleted) per org among `orgIds`, in one query (admin lists). */
export async function liveDeploymentCounts(
  db: Db | Tx,
  orgIds: readonly string[],
): Promise<Map<string, number>> {
  if (orgIds.length === 0) return new Map();
  const rows = await db
    .select({ orgId: deployments.orgId, n: sql<number>`count(*)::int` })
    .from(deployments)
    .where(
      and(
        inArray(deployments.orgId, [...orgIds]),
        isNull(deployments.deletedAt),
        ne(deployments.phase, 'Deleting'),
      ),
    )
    .groupBy(deployments.orgId);
  return new Map(rows.map((r) => [r.orgId, Number(r.n)]));
}
