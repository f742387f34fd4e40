import { sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import {
  abilities,
  authorize,
  type AuthzScope,
  type OrgRole,
  type Permission,
  type Subject,
  type TeamRole,
} from '@k8s-scheduler/domain';
import type { Db } from '../../db/database';
import { requireAuth } from '../auth/auth.plugin';
import { addTiming } from '../auth/server-timing';
import { authzKeys } from '../authz-cache/authz.cache';

const cache = new WeakMap<FastifyRequest, Promise<Subject>>();

/** Every role a user holds, as kept in the authorization cache (shared between requests: never mutated). */
interface Roles {
  orgRoles: ReadonlyMap<string, OrgRole>;
  teamRoles: ReadonlyMap<string, TeamRole>;
  clientAdminOf: string | null;
}

/**
 * The acting subject of a request: the signed-in user with every org and team role they hold and,
 * for API keys, the key's scopes (which narrow, never widen). Loaded once per request; the roles
 * come from the authorization cache, which the database's change notifications keep current.
 */
export function subjectOf(db: Db, request: FastifyRequest): Promise<Subject> {
  let p = cache.get(request);
  if (!p) {
    const startedAt = performance.now();
    p = loadSubject(db, request).finally(() => addTiming(request, 'authz', performance.now() - startedAt));
    cache.set(request, p);
  }
  return p;
}

async function loadRoles(db: Db, userId: string): Promise<Roles> {
  // Every role of the caller in one round trip: this runs on every authorized request (cache miss).
  type Row = {
    orgs: Array<[string, OrgRole]>;
    teams: Array<[string, TeamRole]>;
    client_admin: string | null;
  };
  // Both drivers (node-postgres and PGlite) answer raw queries with `{ rows }`.
  const result = (await db.execute(sql`
    select
      (select coalesce(json_agg(json_build_array(org_id, role)), '[]'::json) from org_members where user_id = ${userId}) as orgs,
      (select coalesce(json_agg(json_build_array(team_id, role)), '[]'::json) from team_members where user_id = ${userId}) as teams,
      (select client_id from client_admins where user_id = ${userId} limit 1) as client_admin`)) as {
    rows: Row[];
  };
  const row = result.rows[0];
  return {
    orgRoles: new Map<string, OrgRole>(row?.orgs ?? []),
    teamRoles: new Map<string, TeamRole>(row?.teams ?? []),
    clientAdminOf: row?.client_admin ?? null,
  };
}

async function loadSubject(db: Db, request: FastifyRequest): Promise<Subject> {
  const auth = requireAuth(request);
  const userId = auth.user.id;
  const authzCache = request.server.authzCache;
  const roles = authzCache
    ? await authzCache.get(authzKeys.roles(userId), async () => ({
        value: await loadRoles(db, userId),
        userId,
      }))
    : await loadRoles(db, userId);
  return {
    userId,
    isPlatformAdmin: auth.user.isPlatformAdmin,
    clientAdminOf: roles?.clientAdminOf ?? null,
    orgRoles: roles?.orgRoles ?? new Map<string, OrgRole>(),
    teamRoles: roles?.teamRoles ?? new Map<string, TeamRole>(),
    apiKeyScopes: auth.apiKey?.scopes ?? null,
  };
}

/**
 * Forgets this request's memo of the subject only: the next `subjectOf` reads the roles through the
 * shared cache, which the database's change notifications keep current. For long-lived responses
 * (event streams) that re-check the caller on every delivery; it leaves other users' entries alone.
 */
export function forgetSubjectMemo(request: FastifyRequest) {
  cache.delete(request);
}

/**
 * Forgets the subject (after a change of the caller's own roles within the request): the next
 * `subjectOf` reads the roles from the database, not from this request or the shared cache.
 */
export function forgetSubject(request: FastifyRequest) {
  cache.delete(request);
  if (request.auth) request.server.authzCache?.evictUser(request.auth.user.id);
}

/** Loads the subject, guards `permission` on `scope`, and returns the subject for further checks. */
export async function guard(
  db: Db,
  request: FastifyRequest,
  permission: Permission,
  scope: AuthzScope,
): Promise<Subject> {
  const subject = await subjectOf(db, request);
  const startedAt = performance.now();
  try {
    authorize(subject, permission, scope);
  } finally {
    addTiming(request, 'authz', performance.now() - startedAt);
  }
  return subject;
}

export { abilities };
