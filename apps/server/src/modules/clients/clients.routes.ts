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
  updateClientBodySchema,
} from '@k8s-scheduler/contracts';
import { hostOfUrl } from '@k8s-scheduler/domain';
import { routes } from '../../http/route';
import type { FeatureModule } from '../registry';
import { registerClientOAuthRoutes } from './clients.oauth.routes';
import { createClientsService } from './clients.service';

/** White-label clients: platform admins create them; a client admin manages its own. */
export const clientsModule: FeatureModule = async (app, { db, config, services, clients: resolver }) => {
  registerClientOAuthRoutes(app, { db, secrets: services.secrets, production: config.production });
  const clients = createClientsService({
    db,
    resolver,
    secrets: services.secrets,
    platform: { publicHost: hostOfUrl(config.publicUrl), deploymentDomain: config.deploymentDomain },
  });
  const r = routes(app, { tags: ['clients'] });
  const byId = { params: clientParamsSchema };

  r.get(
    '/api/admin/clients',
    {
      summary:
        'The clients the caller administers (every client for platform admins, its own for a client admin)',
      response: clientListSchema,
    },
    async (ctx) => ({ items: await clients.list(ctx) }),
  );
  r.post(
    '/api/admin/clients',
    {
      summary: 'Create a client with its domains (platform admins)',
      body: createClientBodySchema,
      response: clientSchema,
      status: 201,
    },
    (ctx, { body }) => clients.create(ctx, body),
  );
  r.get(
    '/api/admin/clients/:clientId',
    { summary: 'A client', ...byId, response: clientSchema },
    (ctx, { params }) => clients.get(ctx, params.clientId),
  );
  r.patch(
    '/api/admin/clients/:clientId',
    {
      summary: "Update a client's name, branding or deployment domain",
      ...byId,
      body: updateClientBodySchema,
      response: clientSchema,
    },
    (ctx, { params, body }) => clients.update(ctx, params.clientId, body),
  );
  r.deleteNoContent(
    '/api/admin/clients/:clientId',
    { summary: 'Delete a client and everything in it (platform admins)', ...byId },
    (ctx, { params }) => clients.delete(ctx, params.clientId),
  );
  r.post(
    '/api/admin/clients/:clientId/domains',
    {
      summary: 'Add a custom domain',
      ...byId,
      body: addDomainBodySchema,
      response: clientSchema,
      status: 201,
    },
    (ctx, { params, body }) => clients.addDomain(ctx, params.clientId, body.domain),
  );
  r.deleteNoContent(
    '/api/admin/clients/:clientId/domains/:domain',
    { summary: 'Remove a custom domain', params: clientDomainParamsSchema },
    (ctx, { params }) => clients.removeDomain(ctx, params.clientId, params.domain),
  );
  r.get(
    '/api/admin/clients/:clientId/admins',
    { summary: "The client's admins", ...byId, response: clientAdminListSchema },
    async (ctx, { params }) => ({ items: await clients.listAdmins(ctx, params.clientId) }),
  );
  r.post(
    '/api/admin/clients/:clientId/admins',
    {
      summary: 'Make a user of the client its admin (platform admins)',
      ...byId,
      body: addClientAdminBodySchema,
      response: clientAdminSchema,
      status: 201,
    },
    (ctx, { params, body }) => clients.addAdmin(ctx, params.clientId, body.email),
  );
  r.get(
    '/api/admin/clients/:clientId/plans',
    { summary: "The client's plans (defaults with its overrides)", ...byId, response: planListSchema },
    async (ctx, { params }) => ({ items: await clients.listPlans(ctx, params.clientId) }),
  );
  const plan = { params: planParamsSchema, body: planLimitsSchema, response: planSchema };
  r.put(
    '/api/admin/clients/:clientId/plans/:tier',
    { summary: "Set one tier's limit overrides for the client (omitted fields: platform defaults)", ...plan },
    (ctx, { params, body }) => clients.setPlan(ctx, { ...params, limits: body, mode: 'replace' }),
  );
  r.patch(
    '/api/admin/clients/:clientId/plans/:tier',
    { summary: "Change some of one tier's limit overrides for the client (the others stay)", ...plan },
    (ctx, { params, body }) => clients.setPlan(ctx, { ...params, limits: body, mode: 'merge' }),
  );
  r.get(
    '/api/admin/clients/:clientId/orgs',
    { summary: "The client's organizations", ...byId, response: clientOrgListSchema },
    async (ctx, { params }) => ({ items: await clients.listOrgs(ctx, params.clientId) }),
  );
};
