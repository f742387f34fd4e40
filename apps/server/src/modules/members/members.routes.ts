import { z } from 'zod';
import {
  addOrgMemberBodySchema,
  addTeamMemberBodySchema,
  orgIdParamsSchema,
  orgMemberListSchema,
  orgMemberParamsSchema,
  orgMemberSchema,
  teamIdParamsSchema,
  teamMemberListSchema,
  teamMemberParamsSchema,
  teamMemberSchema,
  updateOrgMemberBodySchema,
  updateTeamMemberBodySchema,
} from '@k8s-scheduler/contracts';
import type { OrgRole, TeamRole } from '@k8s-scheduler/domain';
import type { App } from '../../http/app';
import { routes } from '../../http/route';
import type { FeatureModule } from '../registry';
import { orgMembership, teamMembership } from './members.scopes';
import { createMembershipService, type MembershipService } from './members.service';

/** How one scope's member routes are declared: paths, schemas and summaries (unchanged API). */
interface MembersRouteSpec<Role extends string, P, MP extends P & { userId: string }> {
  tags: string[];
  /** `/api/orgs/:orgId/members` or `/api/teams/:teamId/members`. */
  path: string;
  params: z.ZodType<P>;
  memberParams: z.ZodType<MP>;
  holderId: (params: P) => string;
  addBody: z.ZodType<{ email: string; role: Role }>;
  updateBody: z.ZodType<{ role: Role }>;
  member: z.ZodType;
  list: z.ZodType;
  summaries: { list: string; add: string; update: string; remove: string };
}

const ROUTES = {
  org: {
    tags: ['orgs'],
    path: '/api/orgs/:orgId/members',
    params: orgIdParamsSchema,
    memberParams: orgMemberParamsSchema,
    holderId: (p: { orgId: string }) => p.orgId,
    addBody: addOrgMemberBodySchema,
    updateBody: updateOrgMemberBodySchema,
    member: orgMemberSchema,
    list: orgMemberListSchema,
    summaries: {
      list: 'Members of an organization',
      add: 'Add an existing user (by email) to the organization; others are invited',
      update: "Change a member's org role",
      remove: 'Remove a member from the organization and its teams',
    },
  },
  team: {
    tags: ['teams'],
    path: '/api/teams/:teamId/members',
    params: teamIdParamsSchema,
    memberParams: teamMemberParamsSchema,
    holderId: (p: { teamId: string }) => p.teamId,
    addBody: addTeamMemberBodySchema,
    updateBody: updateTeamMemberBodySchema,
    member: teamMemberSchema,
    list: teamMemberListSchema,
    summaries: {
      list: 'Members of a team',
      add: 'Add an existing user (by email) to the team; others are invited',
      update: "Change a member's team role",
      remove: 'Remove a member from the team',
    },
  },
};

function declare<Role extends string, P, MP extends P & { userId: string }>(
  app: App,
  spec: MembersRouteSpec<Role, P, MP>,
  members: MembershipService<Role>,
) {
  const r = routes(app, { tags: spec.tags });
  const { summaries } = spec;
  const { holderId } = spec;
  r.get(
    spec.path,
    { summary: summaries.list, params: spec.params, response: spec.list },
    async (ctx, { params }) => ({
      items: await members.list(ctx, holderId(params)),
    }),
  );
  r.post(
    spec.path,
    { summary: summaries.add, params: spec.params, body: spec.addBody, response: spec.member, status: 201 },
    (ctx, { params, body }) => members.add(ctx, { holderId: holderId(params), ...body }),
  );
  r.patch(
    `${spec.path}/:userId`,
    { summary: summaries.update, params: spec.memberParams, body: spec.updateBody, response: spec.member },
    (ctx, { params, body }) =>
      members.update(ctx, { holderId: holderId(params), userId: params.userId, role: body.role }),
  );
  r.deleteNoContent(
    `${spec.path}/:userId`,
    { summary: summaries.remove, params: spec.memberParams },
    (ctx, { params }) => members.remove(ctx, { holderId: holderId(params), userId: params.userId }),
  );
}

/** Registers the member routes of one scope (org or team) over its membership service. */
export function membersRoutes(
  app: App,
  opts:
    | { scope: 'org'; service: MembershipService<OrgRole> }
    | { scope: 'team'; service: MembershipService<TeamRole> },
) {
  if (opts.scope === 'org') declare(app, ROUTES.org, opts.service);
  else declare(app, ROUTES.team, opts.service);
}

/** Members of organizations and of teams: one service and one route declaration for both. */
export const membersModule: FeatureModule = async (app, { db }) => {
  membersRoutes(app, { scope: 'org', service: createMembershipService({ db }, orgMembership) });
  membersRoutes(app, { scope: 'team', service: createMembershipService({ db }, teamMembership) });
};
