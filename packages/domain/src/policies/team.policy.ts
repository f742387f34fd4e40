import { can } from '../authorize';
import { TEAM_PERMISSIONS, type Permission } from '../permissions';
import type { Policy } from '../policy';
import { administersOrg, type Subject } from '../subject';
import { seesOrg } from './org.policy';

/** What the team policies need to know of a team. */
export interface TeamFacts {
  id: string;
  orgId: string;
  clientId: string | null;
}

/**
 * A team as part of its org (the team pages, members): whoever may know the org may know its teams
 * (their roles decide what they may do there).
 */
export const teamPolicy: Policy<TeamFacts> = {
  resource: 'team',
  notFound: 'The team does not exist or you cannot see it.',
  visible: (subject, team) => seesOrg(subject, { id: team.orgId, clientId: team.clientId }),
  scope: (team) => ({ clientId: team.clientId, orgId: team.orgId, teamId: team.id }),
  abilities: TEAM_PERMISSIONS,
};

/**
 * Whether the subject acts in the team's work (its deployments, their secrets): a role in the team,
 * or owner/admin of its org (whose role covers every team), or platform admin. Anyone else — an
 * org member of another team, a client admin — does not know the team's deployments exist.
 */
export function actsInTeam(subject: Subject, team: { id: string; orgId: string }): boolean {
  if (subject.isPlatformAdmin) return true;
  if (subject.teamRoles.has(team.id)) return true;
  return administersOrg(subject, team.orgId);
}

/** The team a deployment-tier request acts in (deployments list, create): visible as `actsInTeam`. */
export const workspacePolicy: Policy<TeamFacts> = {
  resource: 'team',
  notFound: 'The team does not exist or you cannot see it.',
  visible: actsInTeam,
  scope: (team) => ({ clientId: team.clientId, orgId: team.orgId, teamId: team.id }),
  abilities: TEAM_PERMISSIONS,
};

/** The abilities shown on a team member row: `team:members:manage` when the caller may change it. */
export function teamMemberAbilities(subject: Subject, team: TeamFacts): Permission[] {
  return can(subject, 'team:members:manage', teamPolicy.scope(team)) ? ['team:members:manage'] : [];
}
