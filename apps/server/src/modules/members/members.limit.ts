import { and, eq, sql } from 'drizzle-orm';
import { checkMemberLimit, type Tier } from '@k8s-scheduler/domain';
import type { Db, Tx } from '../../db/database';
import { orgMembers, organizations, teamMembers, teams } from '../../db/schema';
import { orgPlans } from '../plans/plans';

type Q = Db | Tx;

/** Distinct users across the org: its org members and the members of its teams (PRODUCT.md §3). */
export async function countMembers(db: Q, orgId: string): Promise<number> {
  const res = await db.execute<{ n: number | string }>(sql`
    select count(*)::int as n from (
      select ${orgMembers.userId} as user_id from ${orgMembers} where ${orgMembers.orgId} = ${orgId}
      union
      select ${teamMembers.userId} from ${teamMembers} join ${teams} on ${teams.id} = ${teamMembers.teamId}
      where ${teams.orgId} = ${orgId}
    ) m`);
  const rows = (Array.isArray(res) ? res : (res as { rows: Array<{ n: number | string }> }).rows) as Array<{
    n: number | string;
  }>;
  return Number(rows[0]?.n ?? 0);
}

/** Whether the user already counts as a member of the org (adding them again costs nothing). */
export async function isCounted(db: Q, orgId: string, userId: string): Promise<boolean> {
  const [m] = await db
    .select({ u: orgMembers.userId })
    .from(orgMembers)
    .where(and(eq(orgMembers.orgId, orgId), eq(orgMembers.userId, userId)));
  if (m) return true;
  const [t] = await db
    .select({ u: teamMembers.userId })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(and(eq(teams.orgId, orgId), eq(teamMembers.userId, userId)))
    .limit(1);
  return Boolean(t);
}

/**
 * Throws `limit_exceeded` when adding `userId` would pass the tier's member limit. Call inside the
 * transaction that adds the member: the org row is locked so two concurrent adds cannot both pass.
 */
export async function ensureMemberCapacity(tx: Q, orgId: string, userId: string): Promise<void> {
  const [org] = await tx.select().from(organizations).where(eq(organizations.id, orgId)).for('update');
  if (!org) return;
  if (await isCounted(tx, orgId, userId)) return;
  const current = await countMembers(tx, orgId);
  checkMemberLimit(org.tier as Tier, current, await orgPlans(tx, org));
}
