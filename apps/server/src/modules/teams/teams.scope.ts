import { teamPolicy, type Permission, type Subject, type TeamFacts } from '@k8s-scheduler/domain';
import type { RequestContext } from '../../context/context';
import type { Db } from '../../db/database';
import { findOrg, type OrgRow } from '../orgs/orgs.repo';
import { findTeam, type TeamRow } from './teams.repo';

export type { TeamRow } from './teams.repo';

export interface LoadedTeam {
  team: TeamRow;
  org: OrgRow;
  /** What the team policies know of the team (its org's client included). */
  facts: TeamFacts;
  subject: Subject;
  abilities: Permission[];
}

/** What the team policies know of a team of `org`. */
export const teamFacts = (team: TeamRow, org: OrgRow): TeamFacts => ({
  id: team.id,
  orgId: org.id,
  clientId: org.clientId,
});

/** The team and its org when the org belongs to the client (a team of another client is not found). */
export async function findClientTeam(db: Db, clientId: string | null, teamId: string) {
  const team = await findTeam(db, teamId);
  const org = team ? await findOrg(db, clientId, team.orgId) : undefined;
  return team && org ? { team, org } : undefined;
}

/**
 * Loads a team of the request's client and guards it with the team policy (whoever may know its org
 * may know it exists): 404 when missing or invisible, 403 without `permission`.
 */
export async function loadTeam(
  db: Db,
  ctx: RequestContext,
  teamId: string,
  permission?: Permission,
): Promise<LoadedTeam> {
  const found = await findClientTeam(db, ctx.clientId, teamId);
  const { resource, subject, abilities } = await ctx.enforce(
    teamPolicy,
    found && { ...teamFacts(found.team, found.org), found },
    permission,
  );
  const { found: loaded, ...facts } = resource;
  return { ...loaded, facts, subject, abilities };
}
