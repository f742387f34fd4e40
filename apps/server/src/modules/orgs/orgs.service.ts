import { and, eq, inArray, isNull, ne } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Org, OrgMember } from '@k8s-scheduler/contracts';
import {
  ConflictError,
  ForbiddenError,
  InvalidError,
  NotFoundError,
  ORG_PERMISSIONS,
  abilities,
  authorize,
  authorizeOrgMemberChange,
  can,
  orgRoleOf,
  slugify,
  type OrgRole,
  type Subject,
} from '@k8s-scheduler/domain';
import type { Db } from '../../db/database';
import { deployments, orgMembers, organizations, teamMembers, teams, users } from '../../db/schema';
import { forgetSubject, subjectOf } from '../access/access';
import { recordAudit } from '../audit/audit';
import { findUserByEmail } from '../users/users.repo';
import { ensureMemberCapacity } from '../members/members.limit';
import { loadOrgForCaller, orgClientScope, type OrgRow } from './orgs.scope';

const roleOf = orgRoleOf;

/** DTO of an org with the caller's role and abilities. */
export function presentOrg(org: OrgRow, subject: Subject): Org {
  const scope = { clientId: org.clientId, orgId: org.id };
  return {
    id: org.id,
    clientId: org.clientId,
    name: org.name,
    slug: org.slug,
    tier: org.tier,
    role: roleOf(subject, org.id),
    createdAt: org.createdAt.toISOString(),
    abilities: abilities(subject, scope, ORG_PERMISSIONS),
  };
}

const isUniqueViolation = (err: unknown) => {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
};

/** Orgs of the request's client where the caller holds an org role or a role in one of its teams. */
export async function listMyOrgs(db: Db, request: FastifyRequest): Promise<Org[]> {
  const subject = await subjectOf(db, request);
  const orgIds =
    subject.orgRoles instanceof Map ? [...subject.orgRoles.keys()] : Object.keys(subject.orgRoles);
  const teamIds =
    subject.teamRoles instanceof Map ? [...subject.teamRoles.keys()] : Object.keys(subject.teamRoles);
  const viaTeams = teamIds.length
    ? (await db.select({ orgId: teams.orgId }).from(teams).where(inArray(teams.id, teamIds))).map(
        (r) => r.orgId,
      )
    : [];
  const ids = [...new Set([...orgIds, ...viaTeams])];
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(organizations)
    .where(and(orgClientScope(request.clientId), inArray(organizations.id, ids)))
    .orderBy(organizations.name);
  return rows.map((o) => presentOrg(o, subject));
}

/** Creates an org in the request's client; the creator becomes its `org_owner`. */
export async function createOrg(
  db: Db,
  request: FastifyRequest,
  input: { name: string; slug?: string | undefined },
): Promise<Org> {
  const subject = await subjectOf(db, request);
  if (subject.apiKeyScopes != null && !subject.apiKeyScopes.includes('org:write')) {
    throw new ForbiddenError(
      'This API key lacks the scope org:write (creating an organization)',
      'org:write',
    );
  }
  const slug = input.slug ?? slugify(input.name, 40);
  if (!slug)
    throw new InvalidError('The name yields no usable slug; give one.', [
      { path: 'body.slug', message: 'required' },
    ]);
  try {
    const org = await db.transaction(async (tx) => {
      const [created] = await tx
        .insert(organizations)
        .values({ clientId: request.clientId, name: input.name, slug })
        .returning();
      if (!created) throw new Error('org insert returned nothing');
      await tx.insert(orgMembers).values({ orgId: created.id, userId: subject.userId, role: 'org_owner' });
      await recordAudit(tx, request, {
        orgId: created.id,
        action: 'org.create',
        targetType: 'org',
        targetId: created.id,
        metadata: { name: input.name, slug },
      });
      return created;
    });
    forgetSubject(request);
    return presentOrg(org, await subjectOf(db, request));
  } catch (err) {
    if (isUniqueViolation(err))
      throw new ConflictError(`An organization with the slug "${slug}" already exists.`);
    throw err;
  }
}

export async function getOrg(db: Db, request: FastifyRequest, orgId: string): Promise<Org> {
  const { org, subject, scope } = await loadOrgForCaller(db, request, orgId);
  authorize(subject, 'org:read', scope);
  return presentOrg(org, subject);
}

/** Renames an org. The slug is fixed at creation: Kubernetes namespaces of the org derive from it. */
export async function updateOrg(
  db: Db,
  request: FastifyRequest,
  orgId: string,
  patch: { name: string },
): Promise<Org> {
  const { org, subject, scope } = await loadOrgForCaller(db, request, orgId);
  authorize(subject, 'org:update', scope);
  const updated = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(organizations)
      .set({ name: patch.name, updatedAt: new Date() })
      .where(eq(organizations.id, org.id))
      .returning();
    await recordAudit(tx, request, {
      orgId: org.id,
      action: 'org.update',
      targetType: 'org',
      targetId: org.id,
      metadata: { from: { name: org.name }, to: { name: patch.name } },
    });
    return row ?? org;
  });
  return presentOrg(updated, subject);
}

/** Deletes an org (owner only). Refused while it still has deployments: delete those first. */
export async function deleteOrg(db: Db, request: FastifyRequest, orgId: string): Promise<void> {
  const { org, subject, scope } = await loadOrgForCaller(db, request, orgId);
  authorize(subject, 'org:delete', scope);
  const [live] = await db
    .select({ id: deployments.id })
    .from(deployments)
    .where(and(eq(deployments.orgId, org.id), isNull(deployments.deletedAt)))
    .limit(1);
  if (live) throw new ConflictError('The organization still has deployments; delete them first.');
  await db.transaction(async (tx) => {
    await tx.delete(organizations).where(eq(organizations.id, org.id));
    await recordAudit(tx, request, {
      orgId: org.id,
      action: 'org.delete',
      targetType: 'org',
      targetId: org.id,
      metadata: { name: org.name, slug: org.slug },
    });
  });
}

/** Moves ownership to another member; the previous owner becomes `org_admin`. */
export async function transferOrg(
  db: Db,
  request: FastifyRequest,
  orgId: string,
  toUserId: string,
): Promise<Org> {
  const { org, subject, scope } = await loadOrgForCaller(db, request, orgId);
  authorize(subject, 'org:transfer', scope);
  await db.transaction(async (tx) => {
    const [target] = await tx
      .select()
      .from(orgMembers)
      .where(and(eq(orgMembers.orgId, org.id), eq(orgMembers.userId, toUserId)));
    if (!target)
      throw new NotFoundError('member', 'The new owner must already be a member of the organization.');
    if (target.role === 'org_owner') return;
    // Demote first: the one-owner unique index holds at every statement.
    await tx
      .update(orgMembers)
      .set({ role: 'org_admin' })
      .where(and(eq(orgMembers.orgId, org.id), eq(orgMembers.role, 'org_owner')));
    await tx
      .update(orgMembers)
      .set({ role: 'org_owner' })
      .where(and(eq(orgMembers.orgId, org.id), eq(orgMembers.userId, toUserId)));
    await recordAudit(tx, request, {
      orgId: org.id,
      action: 'org.transfer',
      targetType: 'user',
      targetId: toUserId,
      metadata: {},
    });
  });
  forgetSubject(request);
  return presentOrg(org, await subjectOf(db, request));
}

type MemberRow = { userId: string; email: string; name: string; role: OrgRole; createdAt: Date };

function presentMember(m: MemberRow, subject: Subject, org: OrgRow): OrgMember {
  const scope = { clientId: org.clientId, orgId: org.id };
  const abl: string[] = [];
  if (m.role !== 'org_owner' && can(subject, 'org:members:manage', scope)) abl.push('org:members:manage');
  if (m.role !== 'org_owner' && can(subject, 'org:transfer', scope)) abl.push('org:transfer');
  return { ...m, createdAt: m.createdAt.toISOString(), abilities: abl };
}

async function memberRows(db: Db, orgId: string, userId?: string): Promise<MemberRow[]> {
  return db
    .select({
      userId: orgMembers.userId,
      email: users.email,
      name: users.name,
      role: orgMembers.role,
      createdAt: orgMembers.createdAt,
    })
    .from(orgMembers)
    .innerJoin(users, eq(users.id, orgMembers.userId))
    .where(and(eq(orgMembers.orgId, orgId), userId ? eq(orgMembers.userId, userId) : undefined))
    .orderBy(users.email);
}

export async function listOrgMembers(db: Db, request: FastifyRequest, orgId: string): Promise<OrgMember[]> {
  const { org, subject, scope } = await loadOrgForCaller(db, request, orgId);
  authorize(subject, 'org:read', scope);
  return (await memberRows(db, org.id)).map((m) => presentMember(m, subject, org));
}

/** Adds an existing user of this client (by email) as an org member; respects the member limit. */
export async function addOrgMember(
  db: Db,
  request: FastifyRequest,
  orgId: string,
  input: { email: string; role: 'org_admin' | 'org_member' },
): Promise<OrgMember> {
  const { org, subject } = await loadOrgForCaller(db, request, orgId);
  authorizeOrgMemberChange(subject, org.id, { targetRole: null, newRole: input.role });
  const user = await findUserByEmail(db, org.clientId, input.email);
  if (!user)
    throw new NotFoundError(
      'user',
      `No user with the email ${input.email} has signed in yet; send an invitation instead.`,
    );
  await db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(orgMembers)
      .where(and(eq(orgMembers.orgId, org.id), eq(orgMembers.userId, user.id)));
    if (existing) throw new ConflictError(`${input.email} is already a member of this organization.`);
    await ensureMemberCapacity(tx, org.id, user.id);
    await tx.insert(orgMembers).values({ orgId: org.id, userId: user.id, role: input.role });
    await recordAudit(tx, request, {
      orgId: org.id,
      action: 'org.member.add',
      targetType: 'user',
      targetId: user.id,
      metadata: { email: user.email, role: input.role },
    });
  });
  const [row] = await memberRows(db, org.id, user.id);
  return presentMember(row!, subject, org);
}

async function targetMember(db: Db, orgId: string, userId: string) {
  const [m] = await db
    .select()
    .from(orgMembers)
    .where(and(eq(orgMembers.orgId, orgId), eq(orgMembers.userId, userId)));
  if (!m) throw new NotFoundError('member', 'This user is not a member of the organization.');
  return m;
}

export async function updateOrgMember(
  db: Db,
  request: FastifyRequest,
  orgId: string,
  userId: string,
  role: 'org_admin' | 'org_member',
): Promise<OrgMember> {
  const { org, subject } = await loadOrgForCaller(db, request, orgId);
  authorize(subject, 'org:members:manage', { clientId: org.clientId, orgId: org.id });
  const m = await targetMember(db, org.id, userId);
  authorizeOrgMemberChange(subject, org.id, { targetRole: m.role, newRole: role });
  await db.transaction(async (tx) => {
    await tx
      .update(orgMembers)
      .set({ role })
      .where(and(eq(orgMembers.orgId, org.id), eq(orgMembers.userId, userId)));
    await recordAudit(tx, request, {
      orgId: org.id,
      action: 'org.member.update',
      targetType: 'user',
      targetId: userId,
      metadata: { from: m.role, to: role },
    });
  });
  const [row] = await memberRows(db, org.id, userId);
  return presentMember(row!, subject, org);
}

/** Removes a member from the org and from every team of the org. The owner cannot be removed. */
export async function removeOrgMember(
  db: Db,
  request: FastifyRequest,
  orgId: string,
  userId: string,
): Promise<void> {
  const { org, subject } = await loadOrgForCaller(db, request, orgId);
  authorize(subject, 'org:members:manage', { clientId: org.clientId, orgId: org.id });
  const m = await targetMember(db, org.id, userId);
  authorizeOrgMemberChange(subject, org.id, { targetRole: m.role, newRole: null });
  await db.transaction(async (tx) => {
    const orgTeams = tx.select({ id: teams.id }).from(teams).where(eq(teams.orgId, org.id));
    await tx
      .delete(teamMembers)
      .where(and(eq(teamMembers.userId, userId), inArray(teamMembers.teamId, orgTeams)));
    await tx
      .delete(orgMembers)
      .where(
        and(eq(orgMembers.orgId, org.id), eq(orgMembers.userId, userId), ne(orgMembers.role, 'org_owner')),
      );
    await recordAudit(tx, request, {
      orgId: org.id,
      action: 'org.member.remove',
      targetType: 'user',
      targetId: userId,
      metadata: { role: m.role },
    });
  });
}
