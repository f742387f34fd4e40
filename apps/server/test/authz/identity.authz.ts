import { randomUUID } from 'node:crypto';
import { clientDomains } from '../../src/db/schema';
import type { AuthzEntry, AuthzRole } from './authz.types';
import { signInAs } from './factories';

const ORG_ADMINS: AuthzRole[] = ['org_owner', 'org_admin'];
const TEAM_READERS: AuthzRole[] = ['org_owner', 'org_admin', 'team_admin', 'developer', 'viewer'];
const TEAM_MANAGERS: AuthzRole[] = ['org_owner', 'org_admin', 'team_admin'];
const EVERY_MEMBER: AuthzRole[] = [
  'org_owner',
  'org_admin',
  'org_member',
  'team_admin',
  'developer',
  'viewer',
];
/** Tenant users cannot see clients at all: 404, not 403. */
const ALL_TENANT_ROLES: AuthzRole[] = [...EVERY_MEMBER, 'outsider'];
const uniq = () => randomUUID().slice(0, 8);

export const orgsAuthz: AuthzEntry[] = [
  {
    route: 'GET /api/orgs',
    allow: 'any',
    crossTenant: false,
    note: 'lists the caller’s own orgs',
    request: () => ({ url: '/api/orgs' }),
  },
  {
    route: 'POST /api/orgs',
    allow: 'any',
    crossTenant: false,
    note: 'any signed-in user may create an org (they become its owner)',
    request: () => ({ url: '/api/orgs', payload: { name: `Org ${uniq()}` } }),
  },
  {
    route: 'GET /api/orgs/:orgId',
    allow: EVERY_MEMBER,
    request: ({ tenant }) => ({ url: `/api/orgs/${tenant.org.id}` }),
  },
  {
    route: 'PATCH /api/orgs/:orgId',
    allow: ORG_ADMINS,
    request: ({ tenant }) => ({ url: `/api/orgs/${tenant.org.id}`, payload: { name: `Renamed ${uniq()}` } }),
  },
  {
    route: 'DELETE /api/orgs/:orgId',
    allow: ['org_owner'],
    fresh: true,
    request: ({ tenant }) => ({ url: `/api/orgs/${tenant.org.id}` }),
  },
  {
    route: 'POST /api/orgs/:orgId/transfer',
    allow: ['org_owner'],
    fresh: true,
    request: ({ tenant }) => ({
      url: `/api/orgs/${tenant.org.id}/transfer`,
      payload: { userId: tenant.as.org_admin.id },
    }),
  },
  {
    route: 'GET /api/orgs/:orgId/members',
    allow: EVERY_MEMBER,
    request: ({ tenant }) => ({ url: `/api/orgs/${tenant.org.id}/members` }),
  },
  {
    route: 'POST /api/orgs/:orgId/members',
    allow: ORG_ADMINS,
    request: async ({ t, tenant }) => {
      const user = await signInAs(t, `new-${uniq()}@example.com`, tenant.host);
      return { url: `/api/orgs/${tenant.org.id}/members`, payload: { email: user.email } };
    },
  },
  {
    route: 'PATCH /api/orgs/:orgId/members/:userId',
    allow: ORG_ADMINS,
    request: ({ tenant }) => ({
      url: `/api/orgs/${tenant.org.id}/members/${tenant.as.viewer.id}`,
      payload: { role: 'org_member' },
    }),
  },
  {
    route: 'DELETE /api/orgs/:orgId/members/:userId',
    allow: ORG_ADMINS,
    fresh: true,
    request: ({ tenant }) => ({ url: `/api/orgs/${tenant.org.id}/members/${tenant.as.viewer.id}` }),
  },
  {
    route: 'GET /api/orgs/:orgId/audit',
    allow: ORG_ADMINS,
    request: ({ tenant }) => ({ url: `/api/orgs/${tenant.org.id}/audit` }),
  },
];

export const teamsAuthz: AuthzEntry[] = [
  {
    route: 'GET /api/orgs/:orgId/teams',
    allow: EVERY_MEMBER,
    note: 'org_member gets 200 with only its own teams (none here)',
    request: ({ tenant }) => ({ url: `/api/orgs/${tenant.org.id}/teams` }),
  },
  {
    route: 'POST /api/orgs/:orgId/teams',
    allow: ORG_ADMINS,
    request: ({ tenant }) => ({
      url: `/api/orgs/${tenant.org.id}/teams`,
      payload: { name: `Team ${uniq()}` },
    }),
  },
  {
    route: 'GET /api/teams/:teamId',
    allow: TEAM_READERS,
    request: ({ tenant }) => ({ url: `/api/teams/${tenant.team.id}` }),
  },
  {
    route: 'DELETE /api/teams/:teamId',
    allow: ORG_ADMINS,
    fresh: true,
    request: ({ tenant }) => ({ url: `/api/teams/${tenant.team.id}` }),
  },
  {
    route: 'GET /api/teams/:teamId/members',
    allow: TEAM_READERS,
    request: ({ tenant }) => ({ url: `/api/teams/${tenant.team.id}/members` }),
  },
  {
    route: 'POST /api/teams/:teamId/members',
    allow: TEAM_MANAGERS,
    request: async ({ t, tenant }) => {
      const user = await signInAs(t, `new-${uniq()}@example.com`, tenant.host);
      return { url: `/api/teams/${tenant.team.id}/members`, payload: { email: user.email, role: 'viewer' } };
    },
  },
  {
    route: 'PATCH /api/teams/:teamId/members/:userId',
    allow: TEAM_MANAGERS,
    request: ({ tenant }) => ({
      url: `/api/teams/${tenant.team.id}/members/${tenant.as.viewer.id}`,
      payload: { role: 'viewer' },
    }),
  },
  {
    route: 'DELETE /api/teams/:teamId/members/:userId',
    allow: TEAM_MANAGERS,
    fresh: true,
    request: ({ tenant }) => ({ url: `/api/teams/${tenant.team.id}/members/${tenant.as.viewer.id}` }),
  },
  {
    route: 'PUT /api/me/current-team',
    allow: TEAM_READERS,
    request: ({ tenant }) => ({ url: '/api/me/current-team', payload: { teamId: tenant.team.id } }),
  },
];

export const invitationsAuthz: AuthzEntry[] = [
  {
    route: 'POST /api/orgs/:orgId/invitations',
    allow: TEAM_MANAGERS,
    request: ({ tenant }) => ({
      url: `/api/orgs/${tenant.org.id}/invitations`,
      payload: { email: `inv-${uniq()}@example.com`, teamId: tenant.team.id },
    }),
  },
  {
    route: 'GET /api/orgs/:orgId/invitations',
    allow: EVERY_MEMBER,
    note: 'every org member may list; each sees only the invitations it can manage',
    request: ({ tenant }) => ({ url: `/api/orgs/${tenant.org.id}/invitations` }),
  },
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
  {
    route: 'GET /api/me/api-keys',
    allow: 'any',
    crossTenant: false,
    note: 'the caller’s own keys',
    request: () => ({ url: '/api/me/api-keys' }),
  },
  {
    route: 'POST /api/me/api-keys',
    allow: 'any',
    crossTenant: false,
    note: 'any signed-in user mints keys for themselves',
    request: () => ({ url: '/api/me/api-keys', payload: { name: 'ci', scopes: ['deployments:read'] } }),
  },
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

const clientRead = {
  allow: ['platform_admin', 'client_admin'] as AuthzRole[],
  hidden: ALL_TENANT_ROLES,
  deny: [] as AuthzRole[],
};
export const clientsAuthz: AuthzEntry[] = [
  {
    route: 'POST /api/admin/clients',
    allow: ['platform_admin'],
    deny: ['client_admin', ...ALL_TENANT_ROLES],
    crossTenant: false,
    note: 'platform-wide create',
    request: () => ({ url: '/api/admin/clients', payload: { slug: `c-${uniq()}`, name: 'New client' } }),
  },
  {
    route: 'GET /api/admin/clients/:clientId',
    ...clientRead,
    request: ({ tenant }) => ({ url: `/api/admin/clients/${tenant.clientId}` }),
  },
  {
    route: 'PATCH /api/admin/clients/:clientId',
    ...clientRead,
    request: ({ tenant }) => ({
      url: `/api/admin/clients/${tenant.clientId}`,
      payload: { name: `Client ${uniq()}` },
    }),
  },
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
  {
    route: 'POST /api/admin/clients/:clientId/domains',
    ...clientRead,
    request: ({ tenant }) => ({
      url: `/api/admin/clients/${tenant.clientId}/domains`,
      payload: { domain: `d-${uniq()}.example.test` },
    }),
  },
  {
    route: 'DELETE /api/admin/clients/:clientId/domains/:domain',
    ...clientRead,
    fresh: true,
    setup: async ({ t, tenant }) => {
      const domain = `extra-${uniq()}.example.test`;
      await t.platform.database.db.insert(clientDomains).values({ domain, clientId: tenant.clientId! });
      return { domain };
    },
    request: ({ tenant, ids }) => ({ url: `/api/admin/clients/${tenant.clientId}/domains/${ids.domain}` }),
  },
  {
    route: 'GET /api/admin/clients/:clientId/admins',
    ...clientRead,
    request: ({ tenant }) => ({ url: `/api/admin/clients/${tenant.clientId}/admins` }),
  },
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
  {
    route: 'GET /api/admin/clients/:clientId/plans',
    ...clientRead,
    request: ({ tenant }) => ({ url: `/api/admin/clients/${tenant.clientId}/plans` }),
  },
  {
    route: 'PUT /api/admin/clients/:clientId/plans/:tier',
    ...clientRead,
    request: ({ tenant }) => ({
      url: `/api/admin/clients/${tenant.clientId}/plans/business`,
      payload: { maxMembers: 12 },
    }),
  },
  {
    route: 'PATCH /api/admin/clients/:clientId/plans/:tier',
    ...clientRead,
    request: ({ tenant }) => ({
      url: `/api/admin/clients/${tenant.clientId}/plans/business`,
      payload: { maxDeployments: 40 },
    }),
  },
  {
    route: 'GET /api/admin/clients/:clientId/orgs',
    ...clientRead,
    request: ({ tenant }) => ({ url: `/api/admin/clients/${tenant.clientId}/orgs` }),
  },
];

export const meAuthz: AuthzEntry[] = [
  {
    route: 'GET /api/me',
    allow: 'any',
    crossTenant: false,
    note: 'the caller',
    request: () => ({ url: '/api/me' }),
  },
];
