import {
  adminOrgListQuerySchema,
  adminOrgPageSchema,
  adminSetOrgTierBodySchema,
  createOrgBodySchema,
  dedicatedNodesSchema,
  orgIdParamsSchema,
  orgListSchema,
  orgSchema,
  orgUsageSchema,
  setOrgTierBodySchema,
  transferOrgBodySchema,
  updateOrgBodySchema,
} from '@k8s-scheduler/contracts';
import { routes } from '../../http/route';
import type { FeatureModule } from '../registry';
import { createOrgsService } from './orgs.service';
import { createOrgAdminService } from './orgs.admin';

/** Organizations: list, create, rename, delete, transfer, tier and usage (members: the members module). */
export const orgsModule: FeatureModule = async (app, { db, config, services }) => {
  const orgs = createOrgsService({ db, sharedNamespace: config.kubernetes.sharedNamespace });
  const admin = createOrgAdminService({
    db,
    kube: () => services.kubeLink?.current()?.http.client ?? null,
    applyTier: orgs.applyTier,
  });
  const r = routes(app, { tags: ['orgs'] });
  const params = orgIdParamsSchema;

  r.get('/api/orgs', { summary: 'My organizations', response: orgListSchema }, async (ctx) => ({
    items: await orgs.list(ctx),
  }));
  r.post(
    '/api/orgs',
    {
      summary: 'Create an organization (you become its owner)',
      body: createOrgBodySchema,
      response: orgSchema,
      status: 201,
    },
    (ctx, { body }) => orgs.create(ctx, body),
  );
  r.get('/api/orgs/:orgId', { summary: 'An organization', params, response: orgSchema }, (ctx, { params }) =>
    orgs.get(ctx, params.orgId),
  );
  r.patch(
    '/api/orgs/:orgId',
    { summary: 'Rename an organization', params, body: updateOrgBodySchema, response: orgSchema },
    (ctx, { params, body }) => orgs.update(ctx, { orgId: params.orgId, name: body.name }),
  );
  r.deleteNoContent(
    '/api/orgs/:orgId',
    { summary: 'Delete an organization (owner)', params },
    (ctx, { params }) => orgs.remove(ctx, params.orgId),
  );
  r.post(
    '/api/orgs/:orgId/transfer',
    {
      summary: 'Transfer ownership to another member (owner)',
      params,
      body: transferOrgBodySchema,
      response: orgSchema,
    },
    (ctx, { params, body }) => orgs.transfer(ctx, { orgId: params.orgId, userId: body.userId }),
  );
  r.put(
    '/api/orgs/:orgId/tier',
    {
      summary: "Set an organization's tier (platform or client admins)",
      params,
      body: setOrgTierBodySchema,
      response: orgSchema,
    },
    (ctx, { params, body }) => orgs.setTier(ctx, { orgId: params.orgId, ...body }),
  );
  // The admin area (platform admins: every org; client admins: their client's).
  const ra = routes(app, { tags: ['admin'] });
  ra.get(
    '/api/admin/orgs',
    {
      summary: 'Organizations in the admin area: every org (platform admin) or the client’s (client admin)',
      querystring: adminOrgListQuerySchema,
      response: adminOrgPageSchema,
    },
    (ctx, { query }) => admin.list(ctx, query),
  );
  ra.put(
    '/api/admin/orgs/:orgId/tier',
    {
      summary: "Set an organization's tier by hand, with the reason (audited)",
      params,
      body: adminSetOrgTierBodySchema,
      response: orgSchema,
    },
    (ctx, { params, body }) => admin.setTier(ctx, params.orgId, body),
  );
  ra.get(
    '/api/admin/orgs/:orgId/nodes',
    {
      summary: 'The nodes dedicated to an organization (dedicated isolation), and how to label them',
      params,
      response: dedicatedNodesSchema,
    },
    (ctx, { params }) => admin.dedicatedNodes(ctx, params.orgId),
  );
  r.get(
    '/api/orgs/:orgId/usage',
    { summary: "Use of the organization's tier limits", params, response: orgUsageSchema },
    (ctx, { params }) => orgs.usage(ctx, params.orgId),
  );
};
