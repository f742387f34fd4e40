/** Builders of the authz entries that many routes share (see README.md). */
import type { AuthzEntry, AuthzRole, RouteKey } from './authz.types';
import { ROLE_NAMES, type Tenant } from './factories';

/** A self-service route: every signed-in user succeeds; it takes no tenant id. */
export function anyUser(route: RouteKey, note: string, request: AuthzEntry['request']): AuthzEntry {
  return { route, allow: 'any', crossTenant: false, note, request };
}

type Options = Partial<Omit<AuthzEntry, 'route' | 'allow' | 'request' | 'setup'>> & {
  /** Called once per request, with the tenant it targets. */
  payload?: (tenant: Tenant) => Record<string, unknown>;
};

/** Entries whose URL is `path` below a resource of the tenant (its org, team or client). */
const below =
  (base: (tenant: Tenant) => string) =>
  (route: RouteKey, allow: AuthzRole[], path = '', { payload, ...more }: Options = {}): AuthzEntry => ({
    route,
    allow,
    ...more,
    request: ({ tenant }) => ({
      url: `${base(tenant)}${path}`,
      ...(payload ? { payload: payload(tenant) } : {}),
    }),
  });

/** A route below the tenant's org, `/api/orgs/<its id><path>`. */
export const onOrg = below((tenant) => `/api/orgs/${tenant.org.id}`);
/** A route below the tenant's team, `/api/teams/<its id><path>`. */
export const onTeam = below((tenant) => `/api/teams/${tenant.team.id}`);

/** Only platform admins and the tenant's client admin; tenant users cannot see clients at all: 404, not 403. */
export const CLIENT_ADMINS_ONLY = {
  allow: ['platform_admin', 'client_admin'] as AuthzRole[],
  hidden: [...ROLE_NAMES] as AuthzRole[],
  deny: [] as AuthzRole[],
};

const belowClient = below((tenant) => `/api/admin/clients/${tenant.clientId}`);

/** A route below the tenant's client, `/api/admin/clients/<its id><path>`, for CLIENT_ADMINS_ONLY. */
export function onClient(route: RouteKey, path: string, payload?: () => Record<string, unknown>): AuthzEntry {
  const { allow, ...refused } = CLIENT_ADMINS_ONLY;
  return belowClient(route, allow, path, { ...refused, payload });
}
