import { eq, inArray } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import {
  InvalidError,
  NotFoundError,
  actsInTeam,
  administeredOrgIdsOf,
  type Subject,
  type Tier,
} from '@k8s-scheduler/domain';
import type { Db } from '../../db/database';
import { organizations, teams } from '../../db/schema';
import { requireAuth } from '../auth/auth.plugin';
import { subjectOf } from '../access/access';

export interface OrgInfo {
  id: string;
  clientId: string | null;
  slug: string;
  tier: Tier;
  limitOverrides: Record<string, unknown>;
}

export interface TeamScope {
  teamId: string;
  org: OrgInfo;
}

/** Whether the subject can see the team at all (a role in it, or owner/admin of its org). Otherwise it is "not found". */
export function seesTeam(subject: Subject, teamId: string, orgId: string): boolean {
  return actsInTeam(subject, { id: teamId, orgId });
}

/**
 * The team a request acts in: the explicit `teamId`, else the session's current team. Scoped to
 * the request's white-label client and to the caller's memberships: any other team is not found.
 */
export async function resolveTeam(db: Db, request: FastifyRequest, teamId?: string): Promise<TeamScope> {
  const auth = requireAuth(request);
  const subject = await subjectOf(db, request);
  const wanted = teamId ?? auth.session?.currentTeamId ?? (await firstTeam(db, subject));
  if (!wanted)
    throw new InvalidError('No team selected: pass teamId or choose a team first', [
      { path: 'teamId', message: 'teamId is required' },
    ]);
  const [row] = await db
    .select({
      teamId: teams.id,
      orgId: organizations.id,
      clientId: organizations.clientId,
      slug: organizations.slug,
      tier: organizations.tier,
      limitOverrides: organizations.limitOverrides,
    })
    .from(teams)
    .innerJoin(organizations, eq(organizations.id, teams.orgId))
    .where(eq(teams.id, wanted));
  // Another client's team, or a team the caller has no part in, does not exist for them.
  if (!row || row.clientId !== request.clientId || !seesTeam(subject, row.teamId, row.orgId)) {
    throw new NotFoundError('team', 'The team does not exist or you cannot see it.');
  }
  return {
    teamId: row.teamId,
    org: {
      id: row.orgId,
      clientId: row.clientId,
      slug: row.slug,
      tier: row.tier,
      limitOverrides: row.limitOverrides,
    },
  };
}

async function firstTeam(db: Db, subject: Subject): Promise<string | null> {
  const explicit = [...subject.teamRoles.keys()].sort();
  if (explicit[0]) return explicit[0];
  const adminOrgs = administeredOrgIdsOf(subject);
  if (!adminOrgs.length) return null;
  const [row] = await db
    .select({ id: teams.id })
    .from(teams)
    .where(inArray(teams.orgId, adminOrgs))
    .orderBy(teams.createdAt)
    .limit(1);
  return row?.id ?? null;
}

/** Every team id the caller acts in: explicit team roles plus every team of orgs they own or administer. */
export async function teamIdsOf(db: Db, subject: Subject): Promise<string[]> {
  const ids = new Set(subject.teamRoles.keys());
  const adminOrgs = administeredOrgIdsOf(subject);
  if (adminOrgs.length) {
    for (const t of await db.select({ id: teams.id }).from(teams).where(inArray(teams.orgId, adminOrgs)))
      ids.add(t.id);
  }
  return [...ids];
}

export function orgIdsOf(subject: Subject): string[] {
  return [...subject.orgRoles.keys()];
}
