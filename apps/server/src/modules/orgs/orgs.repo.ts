import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database';
import { organizations } from './orgs.schema';
import { orgClientScope } from './orgs.scope';

/**
 * Reads of the organizations table for other modules (deployments, secrets): they never query it
 * themselves. Every lookup by a request takes the request's client first.
 */

export type OrganizationRow = typeof organizations.$inferSelect;

/** An org of this client (null: the platform's own orgs), or null: another client's org does not exist. */
export async function findOrgInClient(
  db: Db | Tx,
  clientId: string | null,
  orgId: string,
): Promise<OrganizationRow | null> {
  const [org] = await db
    .select()
    .from(organizations)
    .where(and(orgClientScope(clientId), eq(organizations.id, orgId)));
  return org ?? null;
}

/** An org by id, for work that already holds a scoped reference to it (a deployment's org). */
export async function findOrgById(db: Db | Tx, orgId: string): Promise<OrganizationRow | null> {
  const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId));
  return org ?? null;
}

/**
 * Locks the org row for the rest of the transaction: limit checks (count, quota) and the write
 * they guard then run one at a time per org, so concurrent creates cannot both pass a limit.
 */
export async function lockOrg(tx: Tx, orgId: string): Promise<void> {
  await tx
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.id, orgId))
    .for('update');
}

/** Subquery of the ids of a client's orgs, for tenant-scoping rows that carry only `org_id`. */
export function orgIdsOfClient(clientId: string | null): SQL {
  return sql`(select ${organizations.id} from ${organizations} where ${orgClientScope(clientId)})`;
}
