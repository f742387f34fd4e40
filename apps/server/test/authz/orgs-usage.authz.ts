import type { AuthzEntry } from './authz.types';

export const orgUsageAuthz: AuthzEntry[] = [
  {
    route: 'GET /api/orgs/:orgId/usage',
    // Everyone with a role in the org or one of its teams sees the dashboard's usage bars.
    allow: ['org_owner', 'org_admin', 'org_member', 'team_admin', 'developer', 'viewer'],
    deny: [],
    request: ({ tenant }) => ({ url: `/api/orgs/${tenant.org.id}/usage` }),
  },
];
