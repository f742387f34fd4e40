import { sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { abilities, authorize, type AuthzScope, type OrgRole, type Permission, type Subject, type TeamRole } from '@k8s-scheduler/domain';
import type { Db } from '../../db/database';
import { requireAuth } from '../auth/auth.plugin';

const cache = new WeakMap<FastifyRequest, Promise<Subject>>();

/**
 * The acting subject of a request: the signed-in user with every org and team role they hold and,
 * for API keys, the key's scopes (which narrow, never widen). Loaded once per request.
 */
export function subjectOf(db: Db, request: FastifyRequest): Promise<Subject> {
  let p = cache.get(request);
  if (!p) {
    p = loadSubject(db, request);
    cache.set(request, p);
  }
  return p;
}

async function loadSubject(db: Db, request: FastifyRequest): Promise<Subject> {
  const auth = requireAuth(request);
  const userId = auth.user.id;
  // Every role of the caller in one round trip: this runs on every authorized request.
  type Row = { orgs: Array<[string, OrgRole]>; teams: Array<[string, TeamRole]>; client_admin: string | null };
  // Both drivers (node-postgres and PGlite) answer raw queries with `{ rows }`.
  const result = (await db.execute(sql`
    select
      (select coalesce(json_agg(json_build_array(org_id, role)), '[]'::json) from org_members where user_id = ${userId}) as orgs,
      (select coalesce(json_agg(json_build_array(team_id, role)), '[]'::json) from team_members where user_id = ${userId}) as teams,
      (select client_id from client_admins where user_id = ${userId} limit 1) as client_admin`)) as { rows: Row[] };
  const row = result.rows[0];
  return {
    userId,
    isPlatformAdmin: auth.user.isPlatformAdmin,
    clientAdminOf: row?.client_admin ?? null,
    orgRoles: new Map<string, OrgRole>(row?.orgs ?? []),
    teamRoles: new Map<string, TeamRole>(row?.teams ?? []),
    apiKeyScopes: auth.apiKey?.scopes ?? null,
  };
}

/** Forgets the cached subject (after a change of the caller's own roles within the request). */
export function forgetSubject(request: FastifyRequest) {
  cache.delete(request);
}

/** Loads the subject, guards `permission` on `scope`, and returns the subject for further checks. */
export async function guard(db: Db, request: FastifyRequest, permission: Permission, scope: AuthzScope): Promise<Subject> {
  const subject = await subjectOf(db, request);
  authorize(subject, permission, scope);
  return subject;
}

export { abilities };
