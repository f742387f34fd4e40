import type { InjectOptions } from 'fastify';
import type { TestPlatform } from '../harness';
import type { Actor, RoleName, Tenant } from './factories';

/** `GET /api/orgs/:orgId` — method and path exactly as the route is registered. */
export type RouteKey = `${'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} /${string}`;

/** Tenant roles plus the two global ones (checked only when an entry names them). */
export type AuthzRole = RoleName | 'client_admin' | 'platform_admin';

export interface AuthzContext {
  t: TestPlatform;
  /** The tenant whose resources the request targets (with a user per role). */
  tenant: Tenant;
  /** Whatever `setup` returned for this tenant (ids of resources it created). */
  ids: Record<string, string>;
  /** The caller (also available: tenant.as[role]). Its headers are added to the request for you. */
  caller: Actor;
}

/** What to send: url (required), method defaults to the route's, payload optional. */
export type AuthzRequest = Omit<InjectOptions, 'method'> & { url: string; payload?: unknown };

export interface AuthzEntry {
  route: RouteKey;
  /** Roles that succeed. `'any'`: every signed-in user (self-service routes such as /api/me). */
  allow: AuthzRole[] | 'any';
  /**
   * Roles that get 403. Default: every tenant role not in `allow` except `outsider`, which must get
   * 404 (it cannot see the tenant). List them to override (e.g. a route where outsiders get 403).
   */
  deny?: AuthzRole[];
  /** Roles that get 404 (default: `['outsider']` unless allowed or denied). */
  hidden?: AuthzRole[];
  /** Builds the request for a caller against `ctx.tenant`; never add auth headers yourself. */
  request: (ctx: AuthzContext) => AuthzRequest | Promise<AuthzRequest>;
  /** Creates what the route needs in a tenant (runs once per tenant, as its org_owner). */
  setup?: (ctx: Omit<AuthzContext, 'ids' | 'caller'>) => Promise<Record<string, string>>;
  /** The route changes or deletes its target: every role check gets a freshly built tenant. */
  fresh?: boolean;
  /**
   * The route answers a stream that does not end by itself (Server-Sent Events): the suite checks
   * the status and reads the body only of a refusal, then closes the response.
   */
  stream?: boolean;
  /** Expected success status (default: any 2xx). */
  status?: number;
  /**
   * Whether another tenant's (and another client's) id must answer 404. Default true; set false
   * for routes that take no tenant id (the caller's own things), with a reason in `note`.
   */
  crossTenant?: boolean;
  /** Tier of the tenants built for this entry (default enterprise: no limit gets in the way). */
  tier?: 'free' | 'business' | 'enterprise';
  note?: string;
}
