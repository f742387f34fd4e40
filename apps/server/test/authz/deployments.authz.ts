import type { AuthzContext, AuthzEntry, AuthzRequest, RouteKey } from './authz.types';

const READERS = ['org_owner', 'org_admin', 'team_admin', 'developer', 'viewer'] as const;
const WRITERS = ['org_owner', 'org_admin', 'team_admin', 'developer'] as const;
// A member of the org without a role in the team cannot see the team: 404, like an outsider.
const HIDDEN = ['org_member', 'outsider'] as const;

async function staticSiteId({ t, tenant }: Omit<AuthzContext, 'ids' | 'caller'>): Promise<string> {
  const res = await t.app.inject({
    method: 'GET',
    url: '/api/templates?search=static-site',
    headers: tenant.as.org_owner.headers,
  });
  const id = res.json().items?.[0]?.id as string | undefined;
  if (!id) throw new Error('static-site system template not found');
  return id;
}

/** A deployment of the static-site template in the tenant's team, created by the org owner. */
async function setupDeployment(ctx: Omit<AuthzContext, 'ids' | 'caller'>) {
  const templateId = await staticSiteId(ctx);
  const res = await ctx.t.app.inject({
    method: 'POST',
    url: '/api/deployments',
    headers: ctx.tenant.as.org_owner.headers,
    payload: { templateId, teamId: ctx.tenant.team.id },
  });
  if (res.statusCode !== 201) throw new Error(`deployment setup failed: ${res.statusCode} ${res.body}`);
  return { templateId, deploymentId: res.json().id as string };
}

const onDeployment =
  (suffix: string, payload?: Record<string, unknown>) =>
  ({ ids }: AuthzContext): AuthzRequest => ({
    url: `/api/deployments/${ids.deploymentId}${suffix}`,
    ...(payload === undefined ? {} : { payload }),
  });

/** A change to an existing deployment: developers and up; viewers get 403; HIDDEN roles get 404. */
const deploymentWrite = (
  route: RouteKey,
  request: AuthzEntry['request'],
  more: Pick<AuthzEntry, 'fresh' | 'status'> = {},
): AuthzEntry => ({
  route,
  allow: [...WRITERS],
  deny: ['viewer'],
  hidden: [...HIDDEN],
  ...more,
  setup: setupDeployment,
  request,
});

export const deploymentsAuthz: AuthzEntry[] = [
  {
    route: 'GET /api/deployments',
    allow: [...READERS],
    hidden: [...HIDDEN],
    request: ({ tenant }) => ({ url: `/api/deployments?teamId=${tenant.team.id}` }),
  },
  {
    route: 'POST /api/deployments',
    allow: [...WRITERS],
    deny: ['viewer'],
    hidden: [...HIDDEN],
    status: 201,
    setup: async (ctx) => ({ templateId: await staticSiteId(ctx) }),
    request: ({ tenant, ids }) => ({
      url: '/api/deployments',
      payload: { templateId: ids.templateId, teamId: tenant.team.id },
    }),
  },
  {
    route: 'GET /api/deployments/:id',
    allow: [...READERS],
    hidden: [...HIDDEN],
    setup: setupDeployment,
    request: onDeployment(''),
  },
  deploymentWrite('PATCH /api/deployments/:id', onDeployment('', { inputs: { SITE_TITLE: 'authz' } })),
  deploymentWrite(
    'POST /api/deployments/:id/deploy-image',
    onDeployment('/deploy-image', { service: 'web', image: 'nginx:1.28' }),
  ),
  deploymentWrite('POST /api/deployments/:id/scale', onDeployment('/scale', { service: 'web', replicas: 2 })),
  deploymentWrite('POST /api/deployments/:id/restart', onDeployment('/restart')),
  deploymentWrite('DELETE /api/deployments/:id', onDeployment(''), { fresh: true, status: 202 }),
];

export const deploymentEventsAuthz: AuthzEntry[] = [
  {
    route: 'GET /api/teams/:teamId/deployments/events',
    allow: [...READERS],
    hidden: [...HIDDEN],
    stream: true,
    request: ({ tenant }) => ({ url: `/api/teams/${tenant.team.id}/deployments/events` }),
  },
];
