/** Builders of the authz entries that many routes share (see README.md). */
import type { AuthzEntry, AuthzRole, RouteKey } from './authz.types';
import { ROLE_NAMES } from './factories';

/** A self-service route: every signed-in user succeeds; it takes no tenant id. */
export function anyUser(route: RouteKey, note: string, request: AuthzEntry['request']): AuthzEntry {
  return { route, allow: 'any', crossTenant: false, note, request };
}

/** Only platform admins and the tenant's client admin; tenant users cannot see clients at all: 404, not 403. */
export const CLIENT_ADMINS_ONLY = {
  allow: ['platform_admin', 'client_admin'] as AuthzRole[],
  hidden: [...ROLE_NAMES] as AuthzRole[],
  deny: [] as AuthzRole[],
};

/**
 * A route of the tenant's client (`/api/admin/clients/<its id><path>`) for CLIENT_ADMINS_ONLY;
 * `payload` is called once per request.
 */
export function onClient(route: RouteKey, path: string, payload?: () => Record<string, unknown>): AuthzEntry {
  return {
    route,
    ...CLIENT_ADMINS_ONLY,
    request: ({ tenant }) => ({
      url: `/api/admin/clients/${tenant.clientId}${path}`,
      ...(payload ? { payload: payload() } : {}),
    }),
  };
}
