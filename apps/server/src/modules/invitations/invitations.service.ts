import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Invitation, InvitationPreview } from '@k8s-scheduler/contracts';
import {
  ConflictError,
  ForbiddenError,
  InvalidError,
  NotFoundError,
  authorize,
  can,
  type Subject,
} from '@k8s-scheduler/domain';
import type { Db } from '../../db/database';
import { clients, invitations, orgMembers, organizations, teams, users } from '../../db/schema';
import { forgetSubject } from '../access/access';
import { requireAuth } from '../auth/auth.plugin';
import { recordAudit } from '../audit/audit';
import { invitationMail, type Mailer } from '../mail/mail';
import { ensureMemberCapacity } from '../members/members.limit';
import { addMemberToTeam } from '../teams/teams.service';
import { loadOrgForCaller, orgClientScope, type OrgRow } from '../orgs/orgs.scope';

type InvitationRow = typeof invitations.$inferSelect;

export interface InvitationDeps {
  db: Db;
  mailer: Mailer;
  publicUrl: string;
  ttlSeconds: number;
  branding: { name: string; primaryColor: string };
}

/** The token only travels in the email link; the database keeps its SHA-256. */
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

function statusOf(row: InvitationRow, now = new Date()): Invitation['status'] {
  if (row.acceptedAt) return 'accepted';
  if (row.revokedAt) return 'revoked';
  if (row.expiresAt <= now) return 'expired';
  return 'pending';
}

/** Managing an invitation needs team:members:manage on its team, or org:members:manage for org-only ones. */
function canManage(subject: Subject, org: OrgRow, row: Pick<InvitationRow, 'teamId' | 'orgRole'>): boolean {
  const scope = { clientId: org.clientId, orgId: org.id };
  if (row.orgRole === 'org_admin' || row.teamId === null) return can(subject, 'org:members:manage', scope);
  return can(subject, 'team:members:manage', { ...scope, teamId: row.teamId });
}

function present(row: InvitationRow, teamName: string | null, subject: Subject, org: OrgRow): Invitation {
  const manage = canManage(subject, org, row);
  return {
    id: row.id,
    orgId: row.orgId,
    teamId: row.teamId,
    teamName,
    email: row.email,
    orgRole: row.orgRole,
    teamRole: row.teamRole,
    invitedBy: row.invitedBy,
    status: statusOf(row),
    expiresAt: row.expiresAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    abilities: manage && statusOf(row) === 'pending' ? ['invitation:revoke'] : [],
  };
}

/** The base URL of links in mail: the client's own host for white-label clients, else PUBLIC_URL. */
function linkBase(request: FastifyRequest, publicUrl: string): string {
  return request.clientId ? `${request.protocol}://${request.host}` : publicUrl;
}

/** Creates an invitation and mails its link (`/invitations/<token>`, which survives the sign-in redirect). */
export async function createInvitation(
  deps: InvitationDeps,
  request: FastifyRequest,
  orgId: string,
  input: {
    email: string;
    teamId?: string | undefined;
    teamRole?: Invitation['teamRole'] | undefined;
    orgRole: 'org_admin' | 'org_member';
  },
): Promise<Invitation> {
  const { db } = deps;
  const { org, subject, scope } = await loadOrgForCaller(db, request, orgId);
  let team: typeof teams.$inferSelect | undefined;
  if (input.teamId) {
    [team] = await db
      .select()
      .from(teams)
      .where(and(eq(teams.orgId, org.id), eq(teams.id, input.teamId)));
    if (!team) throw new NotFoundError('team', 'The team does not exist in this organization.');
  }
  const row = { teamId: team?.id ?? null, orgRole: input.orgRole };
  if (!canManage(subject, org, row)) {
    authorize(
      subject,
      team && input.orgRole === 'org_member' ? 'team:members:manage' : 'org:members:manage',
      { ...scope, ...(team ? { teamId: team.id } : {}) },
    );
  }
  const [already] = await db
    .select({ u: orgMembers.userId })
    .from(orgMembers)
    .innerJoin(users, eq(users.id, orgMembers.userId))
    .where(and(eq(orgMembers.orgId, org.id), sql`lower(${users.email}) = lower(${input.email})`));
  if (already && !team) throw new ConflictError(`${input.email} is already a member of this organization.`);

  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + deps.ttlSeconds * 1000);
  const inviter = requireAuth(request).user;
  const created = await db.transaction(async (tx) => {
    const [inv] = await tx
      .insert(invitations)
      .values({
        orgId: org.id,
        teamId: team?.id ?? null,
        email: input.email,
        orgRole: input.orgRole,
        teamRole: team ? (input.teamRole ?? 'developer') : null,
        tokenHash: hashToken(token),
        invitedBy: inviter.id,
        expiresAt,
      })
      .returning();
    if (!inv) throw new Error('invitation insert returned nothing');
    await recordAudit(tx, request, {
      orgId: org.id,
      action: 'invitation.create',
      targetType: 'invitation',
      targetId: inv.id,
      metadata: { email: input.email, teamId: inv.teamId, teamRole: inv.teamRole, orgRole: inv.orgRole },
    });
    return inv;
  });

  const [client] = org.clientId ? await db.select().from(clients).where(eq(clients.id, org.clientId)) : [];
  await deps.mailer.send(
    invitationMail({
      to: input.email,
      brand: client?.branding.name ?? deps.branding.name,
      primaryColor: client?.branding.primaryColor ?? deps.branding.primaryColor,
      inviter: inviter.name || inviter.email,
      orgName: org.name,
      teamName: team?.name ?? null,
      link: `${linkBase(request, deps.publicUrl)}/invitations/${token}`,
      expiresAt,
    }),
  );
  return present(created, team?.name ?? null, subject, org);
}

/** Pending invitations of the org the caller may manage. */
export async function listInvitations(db: Db, request: FastifyRequest, orgId: string): Promise<Invitation[]> {
  const { org, subject, scope } = await loadOrgForCaller(db, request, orgId);
  authorize(subject, 'org:read', scope);
  const rows = await db
    .select({ inv: invitations, teamName: teams.name })
    .from(invitations)
    .leftJoin(teams, eq(teams.id, invitations.teamId))
    .where(
      and(
        eq(invitations.orgId, org.id),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, new Date()),
      ),
    )
    .orderBy(desc(invitations.createdAt));
  return rows
    .filter((r) => canManage(subject, org, r.inv))
    .map((r) => present(r.inv, r.teamName, subject, org));
}

export async function revokeInvitation(
  db: Db,
  request: FastifyRequest,
  orgId: string,
  invitationId: string,
): Promise<void> {
  const { org, subject } = await loadOrgForCaller(db, request, orgId);
  const [row] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.orgId, org.id), eq(invitations.id, invitationId)));
  if (!row) throw new NotFoundError('invitation', 'The invitation does not exist or you cannot see it.');
  if (!canManage(subject, org, row))
    throw new ForbiddenError('You cannot manage this invitation', 'team:members:manage');
  if (statusOf(row) !== 'pending') throw new ConflictError(`The invitation is already ${statusOf(row)}.`);
  await db.transaction(async (tx) => {
    await tx.update(invitations).set({ revokedAt: new Date() }).where(eq(invitations.id, row.id));
    await recordAudit(tx, request, {
      orgId: org.id,
      action: 'invitation.revoke',
      targetType: 'invitation',
      targetId: row.id,
      metadata: { email: row.email },
    });
  });
}

/** Finds an invitation by token, only among orgs of the request's client (other clients: 404). */
async function byToken(db: Db, request: FastifyRequest, token: string) {
  const [row] = await db
    .select({ inv: invitations, org: organizations, teamName: teams.name, inviterName: users.name })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .leftJoin(teams, eq(teams.id, invitations.teamId))
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(and(eq(invitations.tokenHash, hashToken(token)), orgClientScope(request.clientId)));
  if (!row) throw new NotFoundError('invitation', 'This invitation link is not valid.');
  return row;
}

export async function previewInvitation(
  db: Db,
  request: FastifyRequest,
  token: string,
): Promise<InvitationPreview> {
  const row = await byToken(db, request, token);
  return {
    orgName: row.org.name,
    teamName: row.teamName,
    email: row.inv.email,
    inviterName: row.inviterName,
    teamRole: row.inv.teamRole,
    orgRole: row.inv.orgRole,
    status: statusOf(row.inv),
    expiresAt: row.inv.expiresAt.toISOString(),
  };
}

/**
 * Accepts an invitation for the signed-in user: the email must match, the invitation must be
 * pending, and the tier's member limit must allow one more distinct member.
 */
export async function acceptInvitation(
  db: Db,
  request: FastifyRequest,
  token: string,
): Promise<{ orgId: string; teamId: string | null }> {
  const user = requireAuth(request).user;
  const row = await byToken(db, request, token);
  const status = statusOf(row.inv);
  if (status !== 'pending') throw new ConflictError(`This invitation is ${status}; ask for a new one.`);
  if (row.inv.email.toLowerCase() !== user.email.toLowerCase()) {
    throw new ForbiddenError(
      `This invitation was sent to ${row.inv.email}; you are signed in as ${user.email}.`,
    );
  }
  if (request.auth?.apiKey) throw new InvalidError('Accept invitations in the browser, not with an API key.');
  await db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(invitations)
      .set({ acceptedAt: new Date(), acceptedBy: user.id })
      .where(
        and(eq(invitations.id, row.inv.id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)),
      )
      .returning({ id: invitations.id });
    if (!claimed) throw new ConflictError('This invitation was just used or revoked.');
    if (row.inv.teamId && row.inv.teamRole) {
      await addMemberToTeam(
        tx,
        request,
        { orgId: row.org.id, teamId: row.inv.teamId },
        user.id,
        row.inv.teamRole,
        row.inv.orgRole,
      );
    } else {
      await ensureMemberCapacity(tx, row.org.id, user.id);
      await tx
        .insert(orgMembers)
        .values({ orgId: row.org.id, userId: user.id, role: row.inv.orgRole })
        .onConflictDoNothing();
    }
    await recordAudit(tx, request, {
      orgId: row.org.id,
      action: 'invitation.accept',
      targetType: 'invitation',
      targetId: row.inv.id,
      metadata: { email: row.inv.email },
    });
  });
  forgetSubject(request);
  return { orgId: row.org.id, teamId: row.inv.teamId };
}
