import { z } from 'zod';
import {
  addClientAdminBodySchema,
  addDomainBodySchema,
  clientAdminListSchema,
  clientAdminSchema,
  clientDomainParamsSchema,
  clientListSchema,
  clientOrgListSchema,
  clientParamsSchema,
  clientSchema,
  createClientBodySchema,
  planLimitsSchema,
  planListSchema,
  planParamsSchema,
  planSchema,
  problemSchema,
  updateClientBodySchema,
} from '@k8s-scheduler/contracts';
import { authorize } from '@k8s-scheduler/domain';
import { subjectOf } from '../access/access';
import { presentOrg } from '../orgs/orgs.present';
import { listClientOrgs } from '../orgs/orgs.repo';
import type { FeatureModule } from '../registry';
import {
  addClientAdmin,
  addDomain,
  createClient,
  deleteClient,
  getClient,
  listClientAdmins,
  listClientPlans,
  listClients,
  removeDomain,
  setClientPlan,
  updateClient,
} from './clients.service';
import { registerClientOAuthRoutes } from './clients.oauth.routes';

const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
};
const tags = ['clients'];
const noContent = z.null().describe('No content');

/** White-label clients: platform admins create them; a client admin manages its own. */
export const clientsModule: FeatureModule = async (app, { db, config, services, clients: resolver }) => {
  await registerClientOAuthRoutes(app, { db, secrets: services.secrets, production: config.production });
  app.get(
    '/api/admin/clients',
    {
      schema: {
        tags,
        summary:
          'The clients the caller administers (every client for platform admins, its own for a client admin)',
        response: { 200: clientListSchema, ...errors },
      },
    },
    async (request) => ({
      items: await listClients(db, request),
    }),
  );

  app.post(
    '/api/admin/clients',
    {
      schema: {
        tags,
        summary: 'Create a client with its domains (platform admins)',
        body: createClientBodySchema,
        response: { 201: clientSchema, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await createClient(db, resolver, request, request.body)),
  );

  app.get(
    '/api/admin/clients/:clientId',
    {
      schema: {
        tags,
        summary: 'A client',
        params: clientParamsSchema,
        response: { 200: clientSchema, ...errors },
      },
    },
    async (request) => getClient(db, request, request.params.clientId),
  );

  app.patch(
    '/api/admin/clients/:clientId',
    {
      schema: {
        tags,
        summary: "Update a client's name, branding or deployment domain",
        params: clientParamsSchema,
        body: updateClientBodySchema,
        response: { 200: clientSchema, ...errors },
      },
    },
    async (request) => updateClient(db, request, request.params.clientId, request.body),
  );

  app.delete(
    '/api/admin/clients/:clientId',
    {
      schema: {
        tags,
        summary: 'Delete a client and everything in it (platform admins)',
        params: clientParamsSchema,
        response: { 204: noContent, ...errors },
      },
    },
    async (request, reply) => {
      await deleteClient(db, resolver, services.secrets, request, request.params.clientId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/admin/clients/:clientId/domains',
    {
      schema: {
        tags,
        summary: 'Add a custom domain',
        params: clientParamsSchema,
        body: addDomainBodySchema,
        response: { 201: clientSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await addDomain(db, resolver, request, request.params.clientId, request.body.domain)),
  );

  app.delete(
    '/api/admin/clients/:clientId/domains/:domain',
    {
      schema: {
        tags,
        summary: 'Remove a custom domain',
        params: clientDomainParamsSchema,
        response: { 204: noContent, ...errors },
      },
    },
    async (request, reply) => {
      await removeDomain(db, resolver, request, request.params.clientId, request.params.domain);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/admin/clients/:clientId/admins',
    {
      schema: {
        tags,
        summary: "The client's admins",
        params: clientParamsSchema,
        response: { 200: clientAdminListSchema, ...errors },
      },
    },
    async (request) => ({ items: await listClientAdmins(db, request, request.params.clientId) }),
  );

  app.post(
    '/api/admin/clients/:clientId/admins',
    {
      schema: {
        tags,
        summary: 'Make a user of the client its admin (platform admins)',
        params: clientParamsSchema,
        body: addClientAdminBodySchema,
        response: { 201: clientAdminSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addClientAdmin(db, request, request.params.clientId, request.body.email)),
  );

  app.get(
    '/api/admin/clients/:clientId/plans',
    {
      schema: {
        tags,
        summary: "The client's plans (defaults with its overrides)",
        params: clientParamsSchema,
        response: { 200: planListSchema, ...errors },
      },
    },
    async (request) => ({ items: await listClientPlans(db, request, request.params.clientId) }),
  );

  app.put(
    '/api/admin/clients/:clientId/plans/:tier',
    {
      schema: {
        tags,
        summary: "Set one tier's limit overrides for the client (omitted fields: platform defaults)",
        params: planParamsSchema,
        body: planLimitsSchema,
        response: { 200: planSchema, ...errors },
      },
    },
    async (request) => setClientPlan(db, request, request.params.clientId, request.params.tier, request.body),
  );

  app.patch(
    '/api/admin/clients/:clientId/plans/:tier',
    {
      schema: {
        tags,
        summary: "Change some of one tier's limit overrides for the client (the others stay)",
        params: planParamsSchema,
        body: planLimitsSchema,
        response: { 200: planSchema, ...errors },
      },
    },
    async (request) =>
      setClientPlan(db, request, request.params.clientId, request.params.tier, request.body, 'merge'),
  );

  app.get(
    '/api/admin/clients/:clientId/orgs',
    {
      schema: {
        tags,
        summary: "The client's organizations",
        params: clientParamsSchema,
        response: { 200: clientOrgListSchema, ...errors },
      },
    },
    async (request) => {
      await getClient(db, request, request.params.clientId);
      const subject = await subjectOf(db, request);
      authorize(subject, 'org:read', { clientId: request.params.clientId });
      const rows = await listClientOrgs(db, request.params.clientId);
      return { items: rows.map((o) => presentOrg(o, subject)) };
    },
  );
};
