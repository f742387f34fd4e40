import {
  InvalidError,
  administeredOrgIdsOf,
  workspacePolicy,
  type Permission,
  type Subject,
} from '@k8s-scheduler/domain';
import type { RequestContext } from '../../context/context';
import type { Db } from '../../db/database';
import { findOrgInClient } from '../orgs/orgs.repo';
import { findTeamOrg, firstTeamOfOrgs } from '../teams/teams.repo';
import type { OrgInfo } from './deployments.spec';

export interface TeamScope {
  teamId: string;
  org: OrgInfo;
  subject: Subject;
}

/**
 * The team a deployment-tier request acts in: the explicit `teamId`, else the session's current
 * team, else the caller's first team. Scoped to the request's white-label client and guarded by
 * `workspacePolicy`: another client's team, or a team the caller has no part in, is not found;
 * `permission` (when given) is then required in it.
 */
export async function resolveTeam(
  db: Db,
  ctx: RequestContext,
  teamId: string | undefined,
  permission?: Permission,
): Promise<TeamScope> {
  const auth = ctx.principal();
  const subject = await ctx.subject();
  const wanted = teamId ?? auth.session?.currentTeamId ?? (await firstTeam(db, subject));
  if (!wanted)
    throw new InvalidError('No team selected: pass teamId or choose a team first', [
      { path: 'teamId', message: 'teamId is required' },
    ]);
  const team = await findTeamOrg(db, wanted);
  const org = team ? await findOrgInClient(db, ctx.clientId, team.orgId) : null;
  const facts = team && org ? { id: team.id, orgId: org.id, clientId: org.clientId, org } : null;
  const { resource } = await ctx.enforce(workspacePolicy, facts, permission);
  const found = resource.org;
  return {
    teamId: resource.id,
    subject,
    org: {
      id: found.id,
      clientId: found.clientId,
      slug: found.slug,
      tier: found.tier,
      limitOverrides: found.limitOverrides,
    },
  };
}

/** The caller's default team: the first of their team roles, else the oldest team of an org they administer. */
async function firstTeam(db: Db, subject: Subject): Promise<string | null> {
  const explicit = [...subject.teamRoles.keys()].sort();
  if (explicit[0]) return explicit[0];
  return firstTeamOfOrgs(db, administeredOrgIdsOf(subject));
}
