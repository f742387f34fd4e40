import { buildDeployment } from '../../src/modules/secrets/secrets.testing';
import type { AuthzContext, AuthzEntry } from './authz.types';

/** PRODUCT.md §2: secrets:read (no viewer), secrets:write (team admin and up), org:secrets:write (org owner/admin). */
const ORG_ADMINS = ['org_owner', 'org_admin'] as const;
const READERS = ['org_owner', 'org_admin', 'team_admin', 'developer'] as const;
const WRITERS = ['org_owner', 'org_admin', 'team_admin'] as const;
// An org member without a role in the deployment's team cannot see the deployment: 404, like an outsider.
const HIDDEN = ['org_member', 'outsider'] as const;

type SetupCtx = Omit<AuthzContext, 'ids' | 'caller'>;

const deployment = async ({ t, tenant }: SetupCtx) => ({
  deploymentId: (await buildDeployment(t, tenant)).id,
});

const withSecret =
  (url: (ids: Record<string, string>, tenant: SetupCtx['tenant']) => string, needsDeployment: boolean) =>
  async (ctx: SetupCtx) => {
    const ids = needsDeployment ? await deployment(ctx) : {};
    const res = await ctx.t.app.inject({
      method: 'PUT',
      url: url(ids, ctx.tenant),
      headers: ctx.tenant.as.org_owner.headers,
      payload: { value: 'authz-suite' },
    });
    if (res.statusCode !== 200) throw new Error(`secret setup failed: ${res.statusCode} ${res.body}`);
    return ids;
  };

const orgUrl = (_ids: Record<string, string>, tenant: SetupCtx['tenant']) =>
  `/api/orgs/${tenant.org.id}/secrets/AUTHZ_KEY`;

/**
 * The secret routes of one level under a deployment (the deployment itself, or one service of it):
 * list, write a key, delete a key. `base` is that level's URL for the deployment in `ids`.
 */
function deploymentSecretRoutes(
  level: '' | '/services/:service',
  base: (ids: Record<string, string>) => string,
): AuthzEntry[] {
  const keyUrl = (ids: Record<string, string>) => `${base(ids)}/secrets/AUTHZ_KEY`;
  return [
    {
      route: `GET /api/deployments/:id${level}/secrets`,
      allow: [...READERS],
      deny: ['viewer'],
      hidden: [...HIDDEN],
      setup: deployment,
      request: ({ ids }) => ({ url: `${base(ids)}/secrets` }),
    },
    {
      route: `PUT /api/deployments/:id${level}/secrets/:key`,
      allow: [...WRITERS],
      deny: ['developer', 'viewer'],
      hidden: [...HIDDEN],
      setup: deployment,
      request: ({ ids }) => ({ url: keyUrl(ids), payload: { value: 'authz-suite' } }),
    },
    {
      route: `DELETE /api/deployments/:id${level}/secrets/:key`,
      allow: [...WRITERS],
      deny: ['developer', 'viewer'],
      hidden: [...HIDDEN],
      fresh: true,
      status: 204,
      setup: withSecret(keyUrl, true),
      request: ({ ids }) => ({ url: keyUrl(ids) }),
    },
  ];
}

export const secretsAuthz: AuthzEntry[] = [
  {
    route: 'GET /api/orgs/:orgId/secrets',
    allow: [...ORG_ADMINS],
    request: ({ tenant }) => ({ url: `/api/orgs/${tenant.org.id}/secrets` }),
    note: 'team roles read org keys through a service’s effective environment',
  },
  {
    route: 'PUT /api/orgs/:orgId/secrets/:key',
    allow: [...ORG_ADMINS],
    request: ({ tenant }) => ({
      url: `/api/orgs/${tenant.org.id}/secrets/AUTHZ_KEY`,
      payload: { value: 'authz-suite' },
    }),
  },
  {
    route: 'DELETE /api/orgs/:orgId/secrets/:key',
    allow: [...ORG_ADMINS],
    fresh: true,
    status: 204,
    setup: withSecret(orgUrl, false),
    request: ({ tenant }) => ({ url: `/api/orgs/${tenant.org.id}/secrets/AUTHZ_KEY` }),
  },
  ...deploymentSecretRoutes('', (ids) => `/api/deployments/${ids.deploymentId}`),
  ...deploymentSecretRoutes(
    '/services/:service',
    (ids) => `/api/deployments/${ids.deploymentId}/services/web`,
  ),
  {
    route: 'GET /api/deployments/:id/services/:service/environment',
    allow: [...READERS],
    deny: ['viewer'],
    hidden: [...HIDDEN],
    setup: deployment,
    request: ({ ids }) => ({ url: `/api/deployments/${ids.deploymentId}/services/web/environment` }),
  },
];
