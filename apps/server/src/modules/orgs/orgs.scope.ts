import { and, eq, isNull } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { NotFoundError, seesOrg, type AuthzScope, type Subject } from '@k8s-scheduler/domain';
import type { Db } from '../../db/database';
import { organizations, teams } from '../../db/schema';
import { subjectOf } from '../access/access';

export type OrgRow = typeof organizations.$inferSelect;
export type TeamRow = typeof teams.$inferSelect;

/** Rows above orgs carry the client; a request on one client's host never reads another's rows. */
export const orgClientScope = (clientId: string | null) =>
  clientId ? eq(organizations.clientId, clientId) : isNull(organizations.clientId);

export interface OrgContext {
  org: OrgRow;
  subject: Subject;
  scope: AuthzScope;
}

/** Loads an org of the request's client that the caller can see, or throws 404. */
export async function loadOrgForCaller(db: Db, request: FastifyRequest, orgId: string): Promise<OrgContext> {
  const subject = await subjectOf(db, request);
  const [org] = await db
    .select()
    .from(organizations)
    .where(and(orgClientScope(request.clientId), eq(organizations.id, orgId)));
  if (!org || !seesOrg(subject, org))
    throw new NotFoundError('organization', 'The organization does not exist or you cannot see it.');
  return { org, subject, scope: { clientId: org.clientId, orgId: org.id } };
}

export interface TeamContext extends OrgContext {
  team: TeamRow;
}

/** Loads a team (and its org) of the request's client that the caller can see, or throws 404. */
export async function loadTeamForCaller(
  db: Db,
  request: FastifyRequest,
  teamId: string,
): Promise<TeamContext> {
  const subject = await subjectOf(db, request);
  const [row] = await db
    .select({ team: teams, org: organizations })
    .from(teams)
    .innerJoin(organizations, eq(organizations.id, teams.orgId))
    .where(and(orgClientScope(request.clientId), eq(teams.id, teamId)));
  if (!row || !seesOrg(subject, row.org))
    throw new NotFoundError('team', 'The team does not exist or you cannot see it.');
  return {
    org: row.org,
    team: row.team,
    subject,
    scope: { clientId: row.org.clientId, orgId: row.org.id, teamId: row.team.id },
  };
}
