import { and, asc, eq, inArray } from 'drizzle-orm';
import type { TeamRole } from '@k8s-scheduler/domain';
import type { Db, Tx } from '../../db/database';
import { teamMembers, teams } from './teams.schema';

/**
 * The only reads and writes of `teams` and `team_members`. A team carries no client: callers scope
 * by loading its org through the orgs module (`loadTeam` does), so these take ids already scoped.
 */

export type TeamRow = typeof teams.$inferSelect;
export type TeamMemberRow = typeof teamMembers.$inferSelect;
type Q = Db | Tx;

export async function findTeam(db: Q, teamId: string): Promise<TeamRow | undefined> {
  const [row] = await db.select().from(teams).where(eq(teams.id, teamId));
  return row;
}

/** The team when it belongs to the org, else undefined. */
export async function findOrgTeam(db: Q, orgId: string, teamId: string): Promise<TeamRow | undefined> {
  const [row] = await db
    .select()
    .from(teams)
    .where(and(eq(teams.orgId, orgId), eq(teams.id, teamId)));
  return row;
}

/** Teams of the orgs, by name. */
export async function listOrgTeams(db: Q, orgIds: readonly string[]): Promise<TeamRow[]> {
  if (orgIds.length === 0) return [];
  return db
    .select()
    .from(teams)
    .where(inArray(teams.orgId, [...orgIds]))
    .orderBy(teams.name);
}

/** Names of the teams, by id. */
export async function teamNames(db: Q, teamIds: readonly (string | null)[]): Promise<Map<string, string>> {
  const ids = [...new Set(teamIds.filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: teams.id, name: teams.name }).from(teams).where(inArray(teams.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function teamSlugTaken(db: Q, orgId: string, slug: string): Promise<boolean> {
  const [dupe] = await db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.orgId, orgId), eq(teams.slug, slug)));
  return Boolean(dupe);
}

export async function insertTeam(
  tx: Q,
  values: { orgId: string; name: string; slug: string },
): Promise<TeamRow> {
  const [created] = await tx.insert(teams).values(values).returning();
  if (!created) throw new Error('team insert returned nothing');
  return created;
}

/** Deletes the team; its members and invitations go with it (foreign keys cascade). */
export async function deleteTeamRow(tx: Q, teamId: string): Promise<void> {
  await tx.delete(teams).where(eq(teams.id, teamId));
}

/** Members of the team (or the one member `userId`). */
export async function listTeamMembers(db: Q, teamId: string, userId?: string): Promise<TeamMemberRow[]> {
  return db
    .select()
    .from(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), userId ? eq(teamMembers.userId, userId) : undefined));
}

export async function findTeamMember(
  db: Q,
  teamId: string,
  userId: string,
): Promise<TeamMemberRow | undefined> {
  const [row] = await listTeamMembers(db, teamId, userId);
  return row;
}

/** Adds the member with `role`, or sets the role of an existing membership. */
export async function upsertTeamMember(tx: Q, teamId: string, userId: string, role: TeamRole): Promise<void> {
  await tx
    .insert(teamMembers)
    .values({ teamId, userId, role })
    .onConflictDoUpdate({ target: [teamMembers.teamId, teamMembers.userId], set: { role } });
}

export async function setTeamMemberRole(
  tx: Q,
  teamId: string,
  userId: string,
  role: TeamRole,
): Promise<void> {
  await tx
    .update(teamMembers)
    .set({ role })
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)));
}

export async function deleteTeamMember(tx: Q, teamId: string, userId: string): Promise<void> {
  await tx.delete(teamMembers).where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)));
}

/** Removes the user from every team of the org (when they leave the org). */
export async function deleteOrgTeamMemberships(tx: Q, orgId: string, userId: string): Promise<void> {
  const orgTeams = tx.select({ id: teams.id }).from(teams).where(eq(teams.orgId, orgId));
  await tx
    .delete(teamMembers)
    .where(and(eq(teamMembers.userId, userId), inArray(teamMembers.teamId, orgTeams)));
}

/** Distinct users holding a role in one of the org's teams (or only `userId`, when given). */
export async function orgTeamMemberIds(db: Q, orgId: string, userId?: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ userId: teamMembers.userId })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(and(eq(teams.orgId, orgId), userId ? eq(teamMembers.userId, userId) : undefined));
  return rows.map((r) => r.userId);
}

/** The user's explicit team memberships with their teams (`/api/me`). */
export async function teamsOfUser(db: Q, userId: string) {
  return db
    .select({ id: teams.id, orgId: teams.orgId, name: teams.name, slug: teams.slug, role: teamMembers.role })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(eq(teamMembers.userId, userId));
}

/**
 * Reads of the teams table for other modules (deployments): they never query it themselves.
 */

/** A team's id and org; the caller scopes the org to its client. */
export async function findTeamOrg(
  db: Db | Tx,
  teamId: string,
): Promise<{ id: string; orgId: string } | null> {
  const [row] = await db.select({ id: teams.id, orgId: teams.orgId }).from(teams).where(eq(teams.id, teamId));
  return row ?? null;
}

/** The oldest team of these orgs (the default team of an org owner/admin without a team role). */
export async function firstTeamOfOrgs(db: Db | Tx, orgIds: readonly string[]): Promise<string | null> {
  if (!orgIds.length) return null;
  const [row] = await db
    .select({ id: teams.id })
    .from(teams)
    .where(inArray(teams.orgId, [...orgIds]))
    .orderBy(asc(teams.createdAt))
    .limit(1);
  return row?.id ?? null;
}
