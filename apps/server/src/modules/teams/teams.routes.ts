import { z } from 'zod';
import {
  addTeamMemberBodySchema,
  createTeamBodySchema,
  currentTeamBodySchema,
  currentTeamSchema,
  orgIdParamsSchema,
  teamIdParamsSchema,
  teamListSchema,
  teamMemberListSchema,
  teamMemberParamsSchema,
  teamMemberSchema,
  teamSchema,
  updateTeamMemberBodySchema,
} from '@k8s-scheduler/contracts';
import { routes } from '../../http/route';
import type { FeatureModule } from '../registry';
import {
  addTeamMember,
  createTeam,
  deleteTeam,
  getTeam,
  listTeamMembers,
  listTeams,
  removeTeamMember,
  setCurrentTeam,
  updateTeamMember,
} from './teams.service';

/** Teams, team members and the session's current team. */
export const teamsModule: FeatureModule = async (app, { db, sessions }) => {
  const r = routes(app, { tags: ['teams'] });
  const noContent = z.null().describe('No content');

  r.get(
    '/api/orgs/:orgId/teams',
    { summary: 'Teams of an organization you can read', params: orgIdParamsSchema, response: teamListSchema },
    async (_ctx, { params }, { request }) => ({ items: await listTeams(db, request, params.orgId) }),
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
    (_ctx, { params, body }, { request }) => createTeam(db, request, params.orgId, body),
  );
  r.get(
    '/api/teams/:teamId',
    { summary: 'A team', params: teamIdParamsSchema, response: teamSchema },
    (_ctx, { params }, { request }) => getTeam(db, request, params.teamId),
  );
  r.delete(
    '/api/teams/:teamId',
    { summary: 'Delete a team', params: teamIdParamsSchema, response: noContent, status: 204 },
    async (_ctx, { params }, { request }) => {
      await deleteTeam(db, request, params.teamId);
      return null;
    },
  );
  r.get(
    '/api/teams/:teamId/members',
    { summary: 'Members of a team', params: teamIdParamsSchema, response: teamMemberListSchema },
    async (_ctx, { params }, { request }) => ({ items: await listTeamMembers(db, request, params.teamId) }),
  );
  r.post(
    '/api/teams/:teamId/members',
    {
      summary: 'Add an existing user (by email) to the team; others are invited',
      params: teamIdParamsSchema,
      body: addTeamMemberBodySchema,
      response: teamMemberSchema,
      status: 201,
    },
    (_ctx, { params, body }, { request }) => addTeamMember(db, request, params.teamId, body),
  );
  r.patch(
    '/api/teams/:teamId/members/:userId',
    {
      summary: "Change a member's team role",
      params: teamMemberParamsSchema,
      body: updateTeamMemberBodySchema,
      response: teamMemberSchema,
    },
    (_ctx, { params, body }, { request }) =>
      updateTeamMember(db, request, params.teamId, params.userId, body.role),
  );
  r.delete(
    '/api/teams/:teamId/members/:userId',
    {
      summary: 'Remove a member from the team',
      params: teamMemberParamsSchema,
      response: noContent,
      status: 204,
    },
    async (_ctx, { params }, { request }) => {
      await removeTeamMember(db, request, params.teamId, params.userId);
      return null;
    },
  );
  r.put(
    '/api/me/current-team',
    {
      tags: ['me'],
      summary: 'Set the current team of the session',
      body: currentTeamBodySchema,
      response: currentTeamSchema,
    },
    async (ctx, { body }, { request }) => {
      ctx.principal();
      const currentTeamId = await setCurrentTeam(db, request, body.teamId, (teamId) =>
        sessions.update(request, { currentTeamId: teamId }),
      );
      return { currentTeamId };
    },
  );
};
