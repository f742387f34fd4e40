import { and, eq, isNull } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Team, TeamMember } from '@k8s-scheduler/contracts';
import {
  teamRoleOf,
  ConflictError,
  InvalidError,
  NotFoundError,
  TEAM_PERMISSIONS,
  abilities,
  authorize,
  can,
  slugify,
  type Subject,
  type TeamRole,
} from '@k8s-scheduler/domain';
import type { Db, Tx } from '../../db/database';
import { deployments, orgMembers, teamMembers, teams, users } from '../../db/schema';
import { forgetSubject } from '../access/access';
import { recordAudit } from '../audit/audit';
import { ensureMemberCapacity } from '../members/members.limit';
import { findUserByEmail } from '../users/users.repo';
import { loadOrgForCaller, loadTeamForCaller, type OrgRow, type TeamRow } from '../orgs/orgs.scope';

export function presentTeam(team: TeamRow, org: OrgRow, subject: Subject): Team {
  return {
    id: team.id,
    orgId: team.orgId,
    name: team.name,
    slug: team.slug,
    role: teamRoleOf(subject, team.id),
    createdAt: team.createdAt.toISOString(),
    abilities: abilities(
      subject,
      { clientId: org.clientId, orgId: org.id, teamId: team.id },
      TEAM_PERMISSIONS,
    ),
  };
}

/** Teams of the org the caller may read: all of them for owners/admins, their own for others. */
export async function listTeams(db: Db, request: FastifyRequest, orgId: string): Promise<Team[]> {
  const { org, subject } = await loadOrgForCaller(db, request, orgId);
  const rows = await db.select().from(teams).where(eq(teams.orgId, org.id)).orderBy(teams.name);
  return rows
    .filter((t) => can(subject, 'team:read', { clientId: org.clientId, orgId: org.id, teamId: t.id }))
    .map((t) => presentTeam(t, org, subject));
}

export async function createTeam(
  db: Db,
  request: FastifyRequest,
  orgId: string,
  input: { name: string; slug?: string | undefined },
): Promise<Team> {
  const { org, subject, scope } = await loadOrgForCaller(db, request, orgId);
  authorize(subject, 'team:create', scope);
  const slug = input.slug ?? slugify(input.name, 40);
  if (!slug)
    throw new InvalidError('The name yields no usable slug; give one.', [
      { path: 'body.slug', message: 'required' },
    ]);
  const team = await db.transaction(async (tx) => {
    const [dupe] = await tx
      .select({ id: teams.id })
      .from(teams)
      .where(and(eq(teams.orgId, org.id), eq(teams.slug, slug)));
    if (dupe) throw new ConflictError(`A team with the slug "${slug}" already exists in this organization.`);
    const [created] = await tx.insert(teams).values({ orgId: org.id, name: input.name, slug }).returning();
    if (!created) throw new Error('team insert returned nothing');
    await recordAudit(tx, request, {
      orgId: org.id,
      action: 'team.create',
      targetType: 'team',
      targetId: created.id,
      metadata: { name: input.name, slug },
    });
    return created;
  });
  return presentTeam(team, org, subject);
}

export async function getTeam(db: Db, request: FastifyRequest, teamId: string): Promise<Team> {
  const { org, team, subject, scope } = await loadTeamForCaller(db, request, teamId);
  authorize(subject, 'team:read', scope);
  return presentTeam(team, org, subject);
}

/** Deletes a team; refused while it still has deployments. */
export async function deleteTeam(db: Db, request: FastifyRequest, teamId: string): Promise<void> {
  const { org, team, subject, scope } = await loadTeamForCaller(db, request, teamId);
  authorize(subject, 'team:delete', scope);
  const [live] = await db
    .select({ id: deployments.id })
    .from(deployments)
    .where(and(eq(deployments.teamId, team.id), isNull(deployments.deletedAt)))
    .limit(1);
  if (live) throw new ConflictError('The team still has deployments; delete them first.');
  await db.transaction(async (tx) => {
    await tx.delete(teams).where(eq(teams.id, team.id));
    await recordAudit(tx, request, {
      orgId: org.id,
      action: 'team.delete',
      targetType: 'team',
      targetId: team.id,
      metadata: { name: team.name },
    });
  });
}

type TeamMemberRow = { userId: string; email: string; name: string; role: TeamRole; createdAt: Date };

function presentTeamMember(m: TeamMemberRow, subject: Subject, org: OrgRow, team: TeamRow): TeamMember {
  const manage = can(subject, 'team:members:manage', {
    clientId: org.clientId,
    orgId: org.id,
    teamId: team.id,
  });
  return { ...m, createdAt: m.createdAt.toISOString(), abilities: manage ? ['team:members:manage'] : [] };
}

async function teamMemberRows(db: Db, teamId: string, userId?: string): Promise<TeamMemberRow[]> {
  return db
    .select({
      userId: teamMembers.userId,
      email: users.email,
      name: users.name,
      role: teamMembers.role,
      createdAt: teamMembers.createdAt,
    })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(and(eq(teamMembers.teamId, teamId), userId ? eq(teamMembers.userId, userId) : undefined))
    .orderBy(users.email);
}

export async function listTeamMembers(
  db: Db,
  request: FastifyRequest,
  teamId: string,
): Promise<TeamMember[]> {
  const { org, team, subject, scope } = await loadTeamForCaller(db, request, teamId);
  authorize(subject, 'team:read', scope);
  return (await teamMemberRows(db, team.id)).map((m) => presentTeamMember(m, subject, org, team));
}

/**
 * Adds a user to a team with a role, inside the same transaction making them an `org_member` if
 * they are not yet in the org, so the tier's member limit counts them exactly once.
 */
export async function addMemberToTeam(
  tx: Db | Tx,
  request: FastifyRequest,
  ctx: { orgId: string; teamId: string },
  userId: string,
  role: TeamRole,
  orgRole: 'org_admin' | 'org_member' = 'org_member',
): Promise<void> {
  await ensureMemberCapacity(tx, ctx.orgId, userId);
  await tx.insert(orgMembers).values({ orgId: ctx.orgId, userId, role: orgRole }).onConflictDoNothing();
  await tx
    .insert(teamMembers)
    .values({ teamId: ctx.teamId, userId, role })
    .onConflictDoUpdate({ target: [teamMembers.teamId, teamMembers.userId], set: { role } });
  await recordAudit(tx, request, {
    orgId: ctx.orgId,
    action: 'team.member.add',
    targetType: 'user',
    targetId: userId,
    metadata: { teamId: ctx.teamId, role },
  });
}

export async function addTeamMember(
  db: Db,
  request: FastifyRequest,
  teamId: string,
  input: { email: string; role: TeamRole },
): Promise<TeamMember> {
  const { org, team, subject, scope } = await loadTeamForCaller(db, request, teamId);
  authorize(subject, 'team:members:manage', scope);
  const user = await findUserByEmail(db, org.clientId, input.email);
  if (!user)
    throw new NotFoundError(
      'user',
      `No user with the email ${input.email} has signed in yet; send an invitation instead.`,
    );
  await db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(teamMembers)
      .where(and(eq(teamMembers.teamId, team.id), eq(teamMembers.userId, user.id)));
    if (existing) throw new ConflictError(`${input.email} is already a member of this team.`);
    await addMemberToTeam(tx, request, { orgId: org.id, teamId: team.id }, user.id, input.role);
  });
  if (user.id === subject.userId) forgetSubject(request);
  const [row] = await teamMemberRows(db, team.id, user.id);
  return presentTeamMember(row!, subject, org, team);
}

async function targetTeamMember(db: Db, teamId: string, userId: string) {
  const [m] = await db
    .select()
    .from(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)));
  if (!m) throw new NotFoundError('member', 'This user is not a member of the team.');
  return m;
}

export async function updateTeamMember(
  db: Db,
  request: FastifyRequest,
  teamId: string,
  userId: string,
  role: TeamRole,
): Promise<TeamMember> {
  const { org, team, subject, scope } = await loadTeamForCaller(db, request, teamId);
  authorize(subject, 'team:members:manage', scope);
  const m = await targetTeamMember(db, team.id, userId);
  await db.transaction(async (tx) => {
    await tx
      .update(teamMembers)
      .set({ role })
      .where(and(eq(teamMembers.teamId, team.id), eq(teamMembers.userId, userId)));
    await recordAudit(tx, request, {
      orgId: org.id,
      action: 'team.member.update',
      targetType: 'user',
      targetId: userId,
      metadata: { teamId: team.id, from: m.role, to: role },
    });
  });
  const [row] = await teamMemberRows(db, team.id, userId);
  return presentTeamMember(row!, subject, org, team);
}

/** Removes a team membership (the org membership stays; remove that from the org's members). */
export async function removeTeamMember(
  db: Db,
  request: FastifyRequest,
  teamId: string,
  userId: string,
): Promise<void> {
  const { org, team, subject, scope } = await loadTeamForCaller(db, request, teamId);
  authorize(subject, 'team:members:manage', scope);
  const m = await targetTeamMember(db, team.id, userId);
  await db.transaction(async (tx) => {
    await tx.delete(teamMembers).where(and(eq(teamMembers.teamId, team.id), eq(teamMembers.userId, userId)));
    await recordAudit(tx, request, {
      orgId: org.id,
      action: 'team.member.remove',
      targetType: 'user',
      targetId: userId,
      metadata: { teamId: team.id, role: m.role },
    });
  });
}

/** Sets the session's current team (must be a team the caller can read). */
export async function setCurrentTeam(
  db: Db,
  request: FastifyRequest,
  teamId: string | null,
  update: (teamId: string | null) => Promise<void>,
): Promise<string | null> {
  if (request.auth?.via !== 'session') throw new InvalidError('Only browser sessions have a current team.');
  if (teamId !== null) {
    const { subject, scope } = await loadTeamForCaller(db, request, teamId);
    authorize(subject, 'team:read', scope);
  }
  await update(teamId);
  return teamId;
}
