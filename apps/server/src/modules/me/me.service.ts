import { and, eq, inArray } from 'drizzle-orm';
import type { Me } from '@k8s-scheduler/contracts';
import type { Db } from '../../db/database';
import { orgMembers, organizations, teamMembers, teams } from '../../db/schema';
import { toUserDto } from '../users/users.repo';
import type { AuthContext } from '../auth/auth.plugin';

/**
 * The signed-in user with every org and team they can act in. Teams come from explicit team
 * membership and, for org owners/admins, from every team of their orgs (they act as team_admin).
 */
export async function loadMe(db: Db, auth: AuthContext, devMode: boolean): Promise<Me> {
  const userId = auth.user.id;
  const orgRows = await db
    .select({
      id: organizations.id,
      name: organizations.name,
      slug: organizations.slug,
      tier: organizations.tier,
      role: orgMembers.role,
    })
    .from(orgMembers)
    .innerJoin(organizations, eq(organizations.id, orgMembers.orgId))
    .where(eq(orgMembers.userId, userId))
    .orderBy(organizations.name);

  const explicit = await db
    .select({ id: teams.id, orgId: teams.orgId, name: teams.name, slug: teams.slug, role: teamMembers.role })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(eq(teamMembers.userId, userId));

  const adminOrgIds = orgRows.filter((o) => o.role !== 'org_member').map((o) => o.id);
  const implied = adminOrgIds.length
    ? await db
        .select({ id: teams.id, orgId: teams.orgId, name: teams.name, slug: teams.slug })
        .from(teams)
        .where(and(inArray(teams.orgId, adminOrgIds)))
    : [];

  const byId = new Map<string, Me['teams'][number]>();
  for (const t of implied) byId.set(t.id, { ...t, role: null });
  for (const t of explicit) byId.set(t.id, t);
  const teamList = [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));

  const sessionTeam = auth.session?.currentTeamId ?? null;
  const currentTeamId = teamList.some((t) => t.id === sessionTeam) ? sessionTeam : (teamList[0]?.id ?? null);
  return { user: toUserDto(auth.user), orgs: orgRows, teams: teamList, currentTeamId, devMode };
}
