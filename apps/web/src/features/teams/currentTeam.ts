import type { Me } from '@k8s-scheduler/contracts';

export type MembershipTeam = Me['teams'][number];

/**
 * The team the UI works in: the one the user picked on this device if they still belong to it,
 * else the session's current team, else their first team.
 */
export function pickCurrentTeam(
  teams: readonly MembershipTeam[],
  sessionTeamId: string | null,
  storedTeamId: string | null,
): MembershipTeam | null {
  const byId = (id: string | null) => (id ? teams.find((t) => t.id === id) : undefined);
  return byId(storedTeamId) ?? byId(sessionTeamId) ?? teams[0] ?? null;
}

/** Teams grouped under their organization's name, in the order the API lists organizations. */
export function groupTeamsByOrg(me: Pick<Me, 'orgs' | 'teams'>): { orgId: string; orgName: string; teams: MembershipTeam[] }[] {
  const groups = new Map<string, { orgId: string; orgName: string; teams: MembershipTeam[] }>();
  for (const org of me.orgs) groups.set(org.id, { orgId: org.id, orgName: org.name, teams: [] });
  for (const team of me.teams) {
    const group = groups.get(team.orgId) ?? { orgId: team.orgId, orgName: 'Other organization', teams: [] };
    group.teams.push(team);
    groups.set(team.orgId, group);
  }
  return [...groups.values()].filter((g) => g.teams.length > 0);
}
