import type { AuthzEntry } from './authz.types';

export const orgTierAuthz: AuthzEntry[] = [
  {
    route: 'PUT /api/orgs/:orgId/tier',
    // Platform admins too (tested in orgs.tier.int.test.ts on a direct org: the suite's tenants live
    // on client hosts, which a platform admin signed in on the platform host does not see).
    allow: ['client_admin'],
    request: ({ tenant }) => ({ url: `/api/orgs/${tenant.org.id}/tier`, payload: { tier: tenant.org.tier } }),
  },
];
