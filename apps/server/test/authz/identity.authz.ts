import { randomUUID } from 'node:crypto';
import { clientDomains } from '../../src/db/schema';
import type { AuthzEntry, AuthzRole } from './authz.types';
import { anyUser, CLIENT_ADMINS_ONLY, onClient, onOrg, onTeam } from './authz.entries';
import { MEMBER_ROLES, ROLE_NAMES, signInAs, type Tenant } from './factories';

const ORG_ADMINS: AuthzRole[] = ['org_owner', 'org_admin'];
const TEAM_READERS: AuthzRole[] = ['org_owner', 'org_admin', 'team_admin', 'developer', 'viewer'];
const TEAM_MANAGERS: AuthzRole[] = ['org_owner', 'org_admin', 'team_admin'];
const EVERY_MEMBER: AuthzRole[] = [...MEMBER_ROLES];
/** Tenant users cannot see clients at all: 404, not 403. */
const ALL_TENANT_ROLES: AuthzRole[] = [...ROLE_NAMES];
const uniq = () => randomUUID().slice(0, 8);

/**
 * Adding a member (a fresh user of the tenant's client), changing one and removing one (the
 * tenant's viewer) at one level, the org or the team, whose URL for a tenant is `base`.
 */
function memberWrites(
  level: 'orgs/:orgId' | 'teams/:teamId',
  base: (tenant: Tenant) => string,
  allow: AuthzRole[],
  payloads: { add: Record<string, unknown>; change: Record<string, unknown> },
): AuthzEntry[] {
  return [
    {
      route: `POST /api/${level}/members`,
      allow,
      request: async ({ t, tenant }) => {
        const user = await signInAs(t, `new-${uniq()}@example.com`, tenant.host);
        return { url: `${base(tenant)}/members`, payload: { email: user.email, ...payloads.add } };
      },
    },
    {
      route: `PATCH /api/${level}/members/:userId`,
      allow,
      request: ({ tenant }) => ({
        url: `${base(tenant)}/members/${tenant.as.viewer.id}`,
        payload: payloads.change,
      }),
    },
    {
      route: `DELETE /api/${level}/members/:userId`,
      allow,
      fresh: true,
      request: ({ tenant }) => ({ url: `${base(tenant)}/members/${tenant.as.viewer.id}` }),
    },
  ];
}

export const orgsAuthz: AuthzEntry[] = [
  anyUser('GET /api/orgs', 'lists the caller’s own orgs', () => ({ url: '/api/orgs' })),
  anyUser('POST /api/orgs', 'any signed-in user may create an org (they become its owner)', () => ({
    url: '/api/orgs',
    payload: { name: `Org ${uniq()}` },
  })),
  onOrg('GET /api/orgs/:orgId', EVERY_MEMBER),
  onOrg('PATCH /api/orgs/:orgId', ORG_ADMINS, '', { payload: () => ({ name: `Renamed ${uniq()}` }) }),
  onOrg('DELETE /api/orgs/:orgId', ['org_owner'], '', { fresh: true }),
  onOrg('POST /api/orgs/:orgId/transfer', ['org_owner'], '/transfer', {
    fresh: true,
    payload: (tenant) => ({ userId: tenant.as.org_admin.id }),
  }),
  onOrg('GET /api/orgs/:orgId/members', EVERY_MEMBER, '/members'),
  ...memberWrites('orgs/:orgId', (tenant) => `/api/orgs/${tenant.org.id}`, ORG_ADMINS, {
    add: {},
    change: { role: 'org_member' },
  }),
  onOrg('GET /api/orgs/:orgId/audit', ORG_ADMINS, '/audit'),
];

export const teamsAuthz: AuthzEntry[] = [
  onOrg('GET /api/orgs/:orgId/teams', EVERY_MEMBER, '/teams', {
    note: 'org_member gets 200 with only its own teams (none here)',
  }),
  onOrg('POST /api/orgs/:orgId/teams', ORG_ADMINS, '/teams', { payload: () => ({ name: `Team ${uniq()}` }) }),
  onTeam('GET /api/teams/:teamId', TEAM_READERS),
  onTeam('DELETE /api/teams/:teamId', ORG_ADMINS, '', { fresh: true }),
  onTeam('GET /api/teams/:teamId/members', TEAM_READERS, '/members'),
  ...memberWrites('teams/:teamId', (tenant) => `/api/teams/${tenant.team.id}`, TEAM_MANAGERS, {
    add: { role: 'viewer' },
    change: { role: 'viewer' },
  }),
  {
    route: 'PUT /api/me/current-team',
    allow: TEAM_READERS,
    request: ({ tenant }) => ({ url: '/api/me/current-team', payload: { teamId: tenant.team.id } }),
  },
];

export const invitationsAuthz: AuthzEntry[] = [
  onOrg('POST /api/orgs/:orgId/invitations', TEAM_MANAGERS, '/invitations', {
    payload: (tenant) => ({ email: `inv-${uniq()}@example.com`, teamId: tenant.team.id }),
  }),
  onOrg('GET /api/orgs/:orgId/invitations', EVERY_MEMBER, '/invitations', {
    note: 'every org member may list; each sees only the invitations it can manage',
  }),
  {
    route: 'DELETE /api/orgs/:orgId/invitations/:invitationId',
    allow: TEAM_MANAGERS,
    fresh: true,
    setup: async ({ t, tenant }) => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/orgs/${tenant.org.id}/invitations`,
        headers: tenant.as.org_owner.headers,
        payload: { email: `inv-${uniq()}@example.com`, teamId: tenant.team.id },
      });
      return { invitationId: res.json().id as string };
    },
    request: ({ tenant, ids }) => ({ url: `/api/orgs/${tenant.org.id}/invitations/${ids.invitationId}` }),
  },
];

export const apiKeysAuthz: AuthzEntry[] = [
  anyUser('GET /api/me/api-keys', 'the caller’s own keys', () => ({ url: '/api/me/api-keys' })),
  anyUser('POST /api/me/api-keys', 'any signed-in user mints keys for themselves', () => ({
    url: '/api/me/api-keys',
    payload: { name: 'ci', scopes: ['deployments:read'] },
  })),
  {
    route: 'DELETE /api/me/api-keys/:keyId',
    allow: ['org_owner'],
    hidden: ['org_admin', 'org_member', 'team_admin', 'developer', 'viewer', 'outsider'],
    deny: [],
    fresh: true,
    note: 'keys belong to one user: everyone else gets 404',
    setup: async ({ t, tenant }) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/me/api-keys',
        headers: tenant.as.org_owner.headers,
        payload: { name: 'k', scopes: ['org:read'] },
      });
      return { keyId: res.json().id as string };
    },
    request: ({ ids }) => ({ url: `/api/me/api-keys/${ids.keyId}` }),
  },
];

export const clientsAuthz: AuthzEntry[] = [
  {
    route: 'POST /api/admin/clients',
    allow: ['platform_admin'],
    deny: ['client_admin', ...ALL_TENANT_ROLES],
    crossTenant: false,
    note: 'platform-wide create',
    request: () => ({ url: '/api/admin/clients', payload: { slug: `c-${uniq()}`, name: 'New client' } }),
  },
  onClient('GET /api/admin/clients/:clientId', ''),
  onClient('PATCH /api/admin/clients/:clientId', '', () => ({ name: `Client ${uniq()}` })),
  {
    route: 'DELETE /api/admin/clients/:clientId',
    allow: ['platform_admin'],
    deny: ['client_admin'],
    hidden: ALL_TENANT_ROLES,
    fresh: true,
    crossTenant: false,
    note: 'only platform admins, who see every client',
    request: ({ tenant }) => ({ url: `/api/admin/clients/${tenant.clientId}` }),
  },
  onClient('POST /api/admin/clients/:clientId/domains', '/domains', () => ({
    domain: `d-${uniq()}.client-domains.com`,
  })),
  {
    route: 'DELETE /api/admin/clients/:clientId/domains/:domain',
    ...CLIENT_ADMINS_ONLY,
    fresh: true,
    setup: async ({ t, tenant }) => {
      const domain = `extra-${uniq()}.example.test`;
      await t.platform.database.db.insert(clientDomains).values({ domain, clientId: tenant.clientId! });
      return { domain };
    },
    request: ({ tenant, ids }) => ({ url: `/api/admin/clients/${tenant.clientId}/domains/${ids.domain}` }),
  },
  onClient('GET /api/admin/clients/:clientId/admins', '/admins'),
  {
    route: 'POST /api/admin/clients/:clientId/admins',
    allow: ['platform_admin'],
    deny: ['client_admin'],
    hidden: ALL_TENANT_ROLES,
    crossTenant: false,
    note: 'only platform admins, who see every client',
    request: async ({ t, tenant }) => {
      // a fresh user of the client: promoting a tenant's role user would change later checks
      const user = await signInAs(t, `ca-${uniq()}@example.com`, tenant.host);
      return { url: `/api/admin/clients/${tenant.clientId}/admins`, payload: { email: user.email } };
    },
  },
  onClient('GET /api/admin/clients/:clientId/plans', '/plans'),
  onClient('PUT /api/admin/clients/:clientId/plans/:tier', '/plans/business', () => ({ maxMembers: 12 })),
  onClient('PATCH /api/admin/clients/:clientId/plans/:tier', '/plans/business', () => ({
    maxDeployments: 40,
  })),
  onClient('GET /api/admin/clients/:clientId/orgs', '/orgs'),
];

export const meAuthz: AuthzEntry[] = [anyUser('GET /api/me', 'the caller', () => ({ url: '/api/me' }))];
