import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { clients } from '../../src/db/schema';
import type { AuthzEntry, AuthzRole } from './authz.types';
import { CLIENT_ADMINS_ONLY, onClient } from './authz.entries';
import { ROLE_NAMES } from './factories';

/** Tenant users cannot see clients at all: 404, not 403. */
const ALL_TENANT_ROLES: AuthzRole[] = [...ROLE_NAMES];
/** An https issuer that is never contacted: setting a provider does no discovery. */
const provider = () => ({
  issuer: 'https://login.authz.test',
  clientId: `app-${randomUUID().slice(0, 8)}`,
  clientSecret: `authz-${randomUUID()}`,
});

/** The client list (clients.routes.ts): each admin sees what it administers; the rest get 403. */
export const clientListAuthz: AuthzEntry[] = [
  {
    route: 'GET /api/admin/clients',
    allow: ['platform_admin', 'client_admin'],
    deny: ALL_TENANT_ROLES,
    crossTenant: false,
    note: "no tenant id: a client admin lists only its own client (clients.list.int.test.ts checks another client's admin never sees it)",
    request: () => ({ url: '/api/admin/clients' }),
  },
];

/** A client's own OAuth credentials (clients.oauth.routes.ts). */
export const clientOAuthAuthz: AuthzEntry[] = [
  onClient('GET /api/admin/clients/:clientId/oauth', '/oauth'),
  onClient('PUT /api/admin/clients/:clientId/oauth/:provider', '/oauth/oidc', provider),
  {
    route: 'DELETE /api/admin/clients/:clientId/oauth/:provider',
    ...CLIENT_ADMINS_ONLY,
    fresh: true,
    status: 204,
    setup: async ({ t, tenant }) => {
      // the provider to remove, written straight into the client's settings (no secret)
      await t.platform.database.db
        .update(clients)
        .set({
          oauth: {
            oidc: {
              issuer: 'https://login.authz.test',
              clientId: 'app',
              displayName: null,
              scopes: ['openid'],
              secretKey: null,
              updatedAt: new Date().toISOString(),
            },
          },
        })
        .where(eq(clients.id, tenant.clientId!));
      return {};
    },
    request: ({ tenant }) => ({ url: `/api/admin/clients/${tenant.clientId}/oauth/oidc` }),
  },
];
