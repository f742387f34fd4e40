import type { Me } from '@k8s-scheduler/contracts';

export type MembershipTeam = Me['teams'][number];

/**
 * The team the UI works in: the session's current team while the user still belongs to it, else
 * their first team (a new user, or one just removed from the team the session pointed at).
 */
export function pickCurrentTeam(
  teams: readonly MembershipTeam[],
  sessionTeamId: string | null,
): MembershipTeam | null {
  return (sessionTeamId ? teams.find((t) => t.id === sessionTeamId) : undefined) ?? teams[0] ?? null;
}

/** Teams grouped under their organization's name, in the order the API lists organizations. */
export function groupTeamsByOrg(
  me: Pick<Me, 'orgs' | 'teams'>,
): { orgId: string; orgName: string; teams: MembershipTeam[] }[] {
  const groups = new Map<string, { orgId: string; orgName: string; teams: MembershipTeam[] }>();
  for (const org of me.orgs) groups.set(org.id, { orgId: org.id, orgName: org.name, teams: [] });
  for (const team of me.teams) {
    const group = groups.get(team.orgId) ?? { orgId: team.orgId, orgName: 'Other organization', teams: [] };
    group.teams.push(team);
    groups.set(team.orgId, group);
  }
  return [...groups.values()].filter((g) => g.teams.length > 0);
}
