import {
  createTeamBodySchema,
  currentTeamBodySchema,
  currentTeamSchema,
  orgIdParamsSchema,
  teamIdParamsSchema,
  teamListSchema,
  teamSchema,
} from '@k8s-scheduler/contracts';
import { routes } from '../../http/route';
import type { FeatureModule } from '../registry';
import { createTeamsService } from './teams.service';

/** Teams and the session's current team (team members: the members module). */
export const teamsModule: FeatureModule = async (app, { db, sessions }) => {
  const teams = createTeamsService({ db });
  const r = routes(app, { tags: ['teams'] });

  r.get(
    '/api/orgs/:orgId/teams',
    { summary: 'Teams of an organization you can read', params: orgIdParamsSchema, response: teamListSchema },
    async (ctx, { params }) => ({ items: await teams.list(ctx, params.orgId) }),
  );
  r.post(
    '/api/orgs/:orgId/teams',
    {
      summary: 'Create a team',
      params: orgIdParamsSchema,
      body: createTeamBodySchema,
      response: teamSchema,
      status: 201,
    },
    (ctx, { params, body }) => teams.create(ctx, { orgId: params.orgId, ...body }),
  );
  r.get(
    '/api/teams/:teamId',
    { summary: 'A team', params: teamIdParamsSchema, response: teamSchema },
    (ctx, { params }) => teams.get(ctx, params.teamId),
  );
  r.deleteNoContent(
    '/api/teams/:teamId',
    { summary: 'Delete a team', params: teamIdParamsSchema },
    (ctx, { params }) => teams.remove(ctx, params.teamId),
  );
  r.put(
    '/api/me/current-team',
    {
      tags: ['me'],
      summary: 'Set the current team of the session',
      body: currentTeamBodySchema,
      response: currentTeamSchema,
    },
    (ctx, { body }, { request }) =>
      teams.setCurrent(ctx, {
        teamId: body.teamId,
        save: (teamId) => sessions.update(request, { currentTeamId: teamId }),
      }),
  );
};
