import type { AuthzEntry, AuthzRole } from './authz.types';
import { ROLE_NAMES } from './factories';

/** The admin area (orgs.admin.ts): platform admins and the tenant's client admin only. */
export const orgAdminAuthz: AuthzEntry[] = [
  {
    route: 'GET /api/admin/orgs',
    allow: ['platform_admin', 'client_admin'],
    deny: [...ROLE_NAMES] as AuthzRole[],
    crossTenant: false,
    note: "no tenant id: a client admin lists only its client's orgs (orgs.admin.int.test.ts checks another client's orgs never appear, and another clientId answers 404)",
    request: ({ tenant }) => ({ url: `/api/admin/orgs?q=${tenant.org.slug}` }),
  },
  {
    route: 'PUT /api/admin/orgs/:orgId/tier',
    allow: ['platform_admin', 'client_admin'],
    request: ({ tenant }) => ({
      url: `/api/admin/orgs/${tenant.org.id}/tier`,
      payload: { tier: tenant.org.tier, reason: 'authorization suite' },
    }),
  },
  {
    route: 'GET /api/admin/orgs/:orgId/nodes',
    allow: ['platform_admin', 'client_admin'],
    request: ({ tenant }) => ({ url: `/api/admin/orgs/${tenant.org.id}/nodes` }),
  },
];
