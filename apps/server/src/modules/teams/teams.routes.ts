import { z } from 'zod';
import {
  addTeamMemberBodySchema,
  createTeamBodySchema,
  currentTeamBodySchema,
  currentTeamSchema,
  orgIdParamsSchema,
  problemSchema,
  teamIdParamsSchema,
  teamListSchema,
  teamMemberListSchema,
  teamMemberParamsSchema,
  teamMemberSchema,
  teamSchema,
  updateTeamMemberBodySchema,
} from '@k8s-scheduler/contracts';
import { requireAuth } from '../auth/auth.plugin';
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

const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
};
const tags = ['teams'];

/** Teams, team members and the session's current team. */
export const teamsModule: FeatureModule = async (app, { db, sessions }) => {
  app.get(
    '/api/orgs/:orgId/teams',
    {
      schema: {
        tags,
        summary: 'Teams of an organization you can read',
        params: orgIdParamsSchema,
        response: { 200: teamListSchema, ...errors },
      },
    },
    async (request) => ({ items: await listTeams(db, request, request.params.orgId) }),
  );

  app.post(
    '/api/orgs/:orgId/teams',
    {
      schema: {
        tags,
        summary: 'Create a team',
        params: orgIdParamsSchema,
        body: createTeamBodySchema,
        response: { 201: teamSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createTeam(db, request, request.params.orgId, request.body)),
  );

  app.get(
    '/api/teams/:teamId',
    {
      schema: {
        tags,
        summary: 'A team',
        params: teamIdParamsSchema,
        response: { 200: teamSchema, ...errors },
      },
    },
    async (request) => getTeam(db, request, request.params.teamId),
  );

  app.delete(
    '/api/teams/:teamId',
    {
      schema: {
        tags,
        summary: 'Delete a team',
        params: teamIdParamsSchema,
        response: { 204: z.null().describe('No content'), ...errors },
      },
    },
    async (request, reply) => {
      await deleteTeam(db, request, request.params.teamId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/teams/:teamId/members',
    {
      schema: {
        tags,
        summary: 'Members of a team',
        params: teamIdParamsSchema,
        response: { 200: teamMemberListSchema, ...errors },
      },
    },
    async (request) => ({ items: await listTeamMembers(db, request, request.params.teamId) }),
  );

  app.post(
    '/api/teams/:teamId/members',
    {
      schema: {
        tags,
        summary: 'Add an existing user (by email) to the team; others are invited',
        params: teamIdParamsSchema,
        body: addTeamMemberBodySchema,
        response: { 201: teamMemberSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addTeamMember(db, request, request.params.teamId, request.body)),
  );

  app.patch(
    '/api/teams/:teamId/members/:userId',
    {
      schema: {
        tags,
        summary: "Change a member's team role",
        params: teamMemberParamsSchema,
        body: updateTeamMemberBodySchema,
        response: { 200: teamMemberSchema, ...errors },
      },
    },
    async (request) =>
      updateTeamMember(db, request, request.params.teamId, request.params.userId, request.body.role),
  );

  app.delete(
    '/api/teams/:teamId/members/:userId',
    {
      schema: {
        tags,
        summary: 'Remove a member from the team',
        params: teamMemberParamsSchema,
        response: { 204: z.null().describe('No content'), ...errors },
      },
    },
    async (request, reply) => {
      await removeTeamMember(db, request, request.params.teamId, request.params.userId);
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/api/me/current-team',
    {
      schema: {
        tags: ['me'],
        summary: 'Set the current team of the session',
        body: currentTeamBodySchema,
        response: { 200: currentTeamSchema, ...errors },
      },
    },
    async (request) => {
      requireAuth(request);
      const currentTeamId = await setCurrentTeam(db, request, request.body.teamId, (teamId) =>
        sessions.update(request, { currentTeamId: teamId }),
      );
      return { currentTeamId };
    },
  );
};
