import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/database';
import { teams } from './teams.schema';

/**
 * Reads of the teams table for other modules (deployments): they never query it themselves.
 */

/** A team's id and org; the caller scopes the org to its client. */
export async function findTeamOrg(db: Db, teamId: string): Promise<{ id: string; orgId: string } | null> {
  const [row] = await db.select({ id: teams.id, orgId: teams.orgId }).from(teams).where(eq(teams.id, teamId));
  return row ?? null;
}

/** The oldest team of these orgs (the default team of an org owner/admin without a team role). */
export async function firstTeamOfOrgs(db: Db, orgIds: readonly string[]): Promise<string | null> {
  if (!orgIds.length) return null;
  const [row] = await db
    .select({ id: teams.id })
    .from(teams)
    .where(inArray(teams.orgId, [...orgIds]))
    .orderBy(asc(teams.createdAt))
    .limit(1);
  return row?.id ?? null;
}
