import { z } from 'zod';
import {
  addOrgMemberBodySchema,
  createOrgBodySchema,
  orgIdParamsSchema,
  orgListSchema,
  orgMemberListSchema,
  orgMemberParamsSchema,
  orgMemberSchema,
  orgSchema,
  problemSchema,
  transferOrgBodySchema,
  updateOrgBodySchema,
  updateOrgMemberBodySchema,
} from '@k8s-scheduler/contracts';
import { requireAuth } from '../auth/auth.plugin';
import type { FeatureModule } from '../registry';
import {
  addOrgMember,
  createOrg,
  deleteOrg,
  getOrg,
  listMyOrgs,
  listOrgMembers,
  removeOrgMember,
  transferOrg,
  updateOrg,
  updateOrgMember,
} from './orgs.service';

const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
};
const tags = ['orgs'];

/** Organizations and their members. */
export const orgsModule: FeatureModule = async (app, { db }) => {
  app.get(
    '/api/orgs',
    { schema: { tags, summary: 'My organizations', response: { 200: orgListSchema, 401: problemSchema } } },
    async (request) => {
      requireAuth(request);
      return { items: await listMyOrgs(db, request) };
    },
  );

  app.post(
    '/api/orgs',
    {
      schema: {
        tags,
        summary: 'Create an organization (you become its owner)',
        body: createOrgBodySchema,
        response: { 201: orgSchema, ...errors },
      },
    },
    async (request, reply) => {
      requireAuth(request);
      return reply.code(201).send(await createOrg(db, request, request.body));
    },
  );

  app.get(
    '/api/orgs/:orgId',
    {
      schema: {
        tags,
        summary: 'An organization',
        params: orgIdParamsSchema,
        response: { 200: orgSchema, ...errors },
      },
    },
    async (request) => getOrg(db, request, request.params.orgId),
  );

  app.patch(
    '/api/orgs/:orgId',
    {
      schema: {
        tags,
        summary: 'Rename an organization',
        params: orgIdParamsSchema,
        body: updateOrgBodySchema,
        response: { 200: orgSchema, ...errors },
      },
    },
    async (request) => updateOrg(db, request, request.params.orgId, request.body),
  );

  app.delete(
    '/api/orgs/:orgId',
    {
      schema: {
        tags,
        summary: 'Delete an organization (owner)',
        params: orgIdParamsSchema,
        response: { 204: z.null().describe('No content'), ...errors },
      },
    },
    async (request, reply) => {
      await deleteOrg(db, request, request.params.orgId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/orgs/:orgId/transfer',
    {
      schema: {
        tags,
        summary: 'Transfer ownership to another member (owner)',
        params: orgIdParamsSchema,
        body: transferOrgBodySchema,
        response: { 200: orgSchema, ...errors },
      },
    },
    async (request) => transferOrg(db, request, request.params.orgId, request.body.userId),
  );

  app.get(
    '/api/orgs/:orgId/members',
    {
      schema: {
        tags,
        summary: 'Members of an organization',
        params: orgIdParamsSchema,
        response: { 200: orgMemberListSchema, ...errors },
      },
    },
    async (request) => ({ items: await listOrgMembers(db, request, request.params.orgId) }),
  );

  app.post(
    '/api/orgs/:orgId/members',
    {
      schema: {
        tags,
        summary: 'Add an existing user (by email) to the organization; others are invited',
        params: orgIdParamsSchema,
        body: addOrgMemberBodySchema,
        response: { 201: orgMemberSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addOrgMember(db, request, request.params.orgId, request.body)),
  );

  app.patch(
    '/api/orgs/:orgId/members/:userId',
    {
      schema: {
        tags,
        summary: "Change a member's org role",
        params: orgMemberParamsSchema,
        body: updateOrgMemberBodySchema,
        response: { 200: orgMemberSchema, ...errors },
      },
    },
    async (request) =>
      updateOrgMember(db, request, request.params.orgId, request.params.userId, request.body.role),
  );

  app.delete(
    '/api/orgs/:orgId/members/:userId',
    {
      schema: {
        tags,
        summary: 'Remove a member from the organization and its teams',
        params: orgMemberParamsSchema,
        response: { 204: z.null().describe('No content'), ...errors },
      },
    },
    async (request, reply) => {
      await removeOrgMember(db, request, request.params.orgId, request.params.userId);
      return reply.code(204).send(null);
    },
  );
};
