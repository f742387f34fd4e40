import type { Team } from '@k8s-scheduler/contracts';
import {
  ConflictError,
  InvalidError,
  abilitiesOn,
  decide,
  requireApiKeyScope,
  slugify,
  teamPolicy,
  teamRoleOf,
  type Subject,
} from '@k8s-scheduler/domain';
import { auditedWrite, type RequestContext } from '../../context/context';
import type { Db } from '../../db/database';
import { hasLiveDeployments } from '../deployments/deployments.repo';
import type { OrgRow } from '../orgs/orgs.repo';
import { loadOrg } from '../orgs/orgs.scope';
import { deleteTeamRow, insertTeam, listOrgTeams, teamSlugTaken, type TeamRow } from './teams.repo';
import { loadTeam, teamFacts } from './teams.scope';

/** DTO of a team with the caller's explicit role and abilities (from the team policy). */
export function presentTeam(team: TeamRow, org: OrgRow, subject: Subject): Team {
  return {
    id: team.id,
    orgId: team.orgId,
    name: team.name,
    slug: team.slug,
    role: teamRoleOf(subject, team.id),
    createdAt: team.createdAt.toISOString(),
    abilities: abilitiesOn(teamPolicy, subject, teamFacts(team, org)),
  };
}

/** Teams of an org and the session's current team (their members: the members module). */
export function createTeamsService(deps: { db: Db }) {
  const { db } = deps;
  return {
    /** Teams of the org the caller may read: all of them for owners/admins, their own for others. */
    async list(ctx: RequestContext, orgId: string): Promise<Team[]> {
      const { org, subject } = await loadOrg(db, ctx, orgId);
      requireApiKeyScope(subject, 'teams:read', 'listing teams');
      return (await listOrgTeams(db, [org.id]))
        .filter((t) => decide(teamPolicy, subject, teamFacts(t, org), 'team:read') === 'allowed')
        .map((t) => presentTeam(t, org, subject));
    },

    async create(
      ctx: RequestContext,
      input: { orgId: string; name: string; slug?: string | undefined },
    ): Promise<Team> {
      const { org, subject } = await loadOrg(db, ctx, input.orgId, 'team:create');
      const slug = input.slug ?? slugify(input.name, 40);
      if (!slug)
        throw new InvalidError('The name yields no usable slug; give one.', [
          { path: 'body.slug', message: 'required' },
        ]);
      const team = await db.transaction(async (tx) => {
        if (await teamSlugTaken(tx, org.id, slug))
          throw new ConflictError(`A team with the slug "${slug}" already exists in this organization.`);
        const created = await insertTeam(tx, { orgId: org.id, name: input.name, slug });
        await ctx.audit(tx, {
          orgId: org.id,
          action: 'team.create',
          targetType: 'team',
          targetId: created.id,
          metadata: { name: input.name, slug },
        });
        return created;
      });
      return presentTeam(team, org, subject);
    },

    async get(ctx: RequestContext, teamId: string): Promise<Team> {
      const { team, org, subject } = await loadTeam(db, ctx, teamId, 'team:read');
      return presentTeam(team, org, subject);
    },

    /** Deletes a team; refused while it still has deployments. */
    async remove(ctx: RequestContext, teamId: string): Promise<void> {
      const { team, org } = await loadTeam(db, ctx, teamId, 'team:delete');
      if (await hasLiveDeployments(db, { teamId: team.id }))
        throw new ConflictError('The team still has deployments; delete them first.');
      await auditedWrite(db, ctx, (tx) => deleteTeamRow(tx, team.id), {
        orgId: org.id,
        action: 'team.delete',
        targetType: 'team',
        targetId: team.id,
        metadata: { name: team.name },
      });
    },

    /**
     * Sets the session's current team (a team the caller can read, or none); `save` stores it in
     * the session (the route owns the session).
     */
    async setCurrent(
      ctx: RequestContext,
      input: { teamId: string | null; save: (teamId: string | null) => Promise<void> },
    ): Promise<{ currentTeamId: string | null }> {
      if (ctx.principal().via !== 'session')
        throw new InvalidError('Only browser sessions have a current team.');
      if (input.teamId !== null) await loadTeam(db, ctx, input.teamId, 'team:read');
      await input.save(input.teamId);
      return { currentTeamId: input.teamId };
    },
  };
}

export type TeamsService = ReturnType<typeof createTeamsService>;
