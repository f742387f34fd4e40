import { eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { abilities, authorize, type AuthzScope, type OrgRole, type Permission, type Subject, type TeamRole } from '@k8s-scheduler/domain';
import type { Db } from '../../db/database';
import { clientAdmins, orgMembers, teamMembers } from '../../db/schema';
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
  const [orgs, teams, clientAdmin] = await Promise.all([
    db.select({ orgId: orgMembers.orgId, role: orgMembers.role }).from(orgMembers).where(eq(orgMembers.userId, userId)),
    db.select({ teamId: teamMembers.teamId, role: teamMembers.role }).from(teamMembers).where(eq(teamMembers.userId, userId)),
    db.select({ clientId: clientAdmins.clientId }).from(clientAdmins).where(eq(clientAdmins.userId, userId)),
  ]);
  return {
    userId,
    isPlatformAdmin: auth.user.isPlatformAdmin,
    clientAdminOf: clientAdmin[0]?.clientId ?? null,
    orgRoles: new Map<string, OrgRole>(orgs.map((o) => [o.orgId, o.role])),
    teamRoles: new Map<string, TeamRole>(teams.map((t) => [t.teamId, t.role])),
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
