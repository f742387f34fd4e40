import { createHash, randomBytes } from 'node:crypto';
import type { Invitation, InvitationPreview } from '@k8s-scheduler/contracts';
import {
  ConflictError,
  ForbiddenError,
  InvalidError,
  NotFoundError,
  authorize,
  invitationGuard,
  managesInvitation,
  type Subject,
} from '@k8s-scheduler/domain';
import { auditedWrite, type RequestContext } from '../../context/context';
import type { Db } from '../../db/database';
import type { AuditEvent } from '../audit/audit';
import { clientBranding } from '../clients/clients.repo';
import { invitationMail, type Mailer } from '../mail/mail';
import { orgMembership, teamMembership } from '../members/members.scopes';
import { admitMember } from '../members/members.service';
import { findOrg, findOrgMember, type OrgRow } from '../orgs/orgs.repo';
import { loadOrg } from '../orgs/orgs.scope';
import { findOrgTeam, teamNames } from '../teams/teams.repo';
import { findUserByEmail, findUsersByIds } from '../users/users.repo';
import {
  claimInvitation,
  findInvitationByTokenHash,
  findOrgInvitation,
  insertInvitation,
  listPendingInvitations,
  revokeInvitationRow,
  type InvitationRow,
} from './invitations.repo';

export interface InvitationDeps {
  db: Db;
  mailer: Mailer;
  publicUrl: string;
  ttlSeconds: number;
  branding: { name: string; primaryColor: string };
}

/** The token only travels in the email link; the database keeps its SHA-256. */
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** An audit event about an invitation, with the email it was sent to. */
const invitationEvent = (
  inv: InvitationRow,
  action: string,
  metadata: Record<string, unknown> = {},
): AuditEvent => ({
  orgId: inv.orgId,
  action,
  targetType: 'invitation',
  targetId: inv.id,
  metadata: { email: inv.email, ...metadata },
});

function statusOf(row: InvitationRow, now = new Date()): Invitation['status'] {
  if (row.acceptedAt) return 'accepted';
  if (row.revokedAt) return 'revoked';
  if (row.expiresAt <= now) return 'expired';
  return 'pending';
}

function present(row: InvitationRow, teamName: string | null, subject: Subject, org: OrgRow): Invitation {
  const status = statusOf(row);
  return {
    id: row.id,
    orgId: row.orgId,
    teamId: row.teamId,
    teamName,
    email: row.email,
    orgRole: row.orgRole,
    teamRole: row.teamRole,
    invitedBy: row.invitedBy,
    status,
    expiresAt: row.expiresAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    abilities: status === 'pending' && managesInvitation(subject, org, row) ? ['invitation:revoke'] : [],
  };
}

export interface CreateInvitationInput {
  orgId: string;
  email: string;
  teamId?: string | undefined;
  teamRole?: Invitation['teamRole'] | undefined;
  orgRole: 'org_admin' | 'org_member';
  /** `<protocol>://<host>` of the request: the links of a white-label client stay on its host. */
  origin: string;
}

/** Invitations by email: create (and mail), list, revoke, preview by token, accept. */
export function createInvitationsService(deps: InvitationDeps) {
  const { db } = deps;

  /** Finds an invitation by token, only among orgs of the request's client (other clients: 404). */
  async function byToken(ctx: RequestContext, token: string) {
    const inv = await findInvitationByTokenHash(db, hashToken(token));
    const org = inv && (await findOrg(db, ctx.clientId, inv.orgId));
    if (!inv || !org) throw new NotFoundError('invitation', 'This invitation link is not valid.');
    return { inv, org };
  }

  return {
    /** Creates an invitation and mails its link (`/invitations/<token>`, which survives the sign-in redirect). */
    async create(ctx: RequestContext, input: CreateInvitationInput): Promise<Invitation> {
      const { org, subject } = await loadOrg(db, ctx, input.orgId);
      const team = input.teamId ? await findOrgTeam(db, org.id, input.teamId) : undefined;
      if (input.teamId && !team)
        throw new NotFoundError('team', 'The team does not exist in this organization.');
      const guard = invitationGuard(org, { teamId: team?.id ?? null, orgRole: input.orgRole });
      authorize(subject, guard.permission, guard.scope);
      if (!team) {
        const user = await findUserByEmail(db, org.clientId, input.email);
        if (user && (await findOrgMember(db, org.id, user.id)))
          throw new ConflictError(`${input.email} is already a member of this organization.`);
      }

      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(Date.now() + deps.ttlSeconds * 1000);
      const inviter = ctx.principal().user;
      const created = await db.transaction(async (tx) => {
        const inv = await insertInvitation(tx, {
          orgId: org.id,
          teamId: team?.id ?? null,
          email: input.email,
          orgRole: input.orgRole,
          teamRole: team ? (input.teamRole ?? 'developer') : null,
          tokenHash: hashToken(token),
          invitedBy: inviter.id,
          expiresAt,
        });
        const metadata = { teamId: inv.teamId, teamRole: inv.teamRole, orgRole: inv.orgRole };
        await ctx.audit(tx, invitationEvent(inv, 'invitation.create', metadata));
        return inv;
      });

      const branding = await clientBranding(db, org.clientId);
      // A white-label client's links point at its own host; the platform's at PUBLIC_URL.
      const linkBase = ctx.clientId ? input.origin : deps.publicUrl;
      await deps.mailer.send(
        invitationMail({
          to: input.email,
          brand: branding?.name ?? deps.branding.name,
          primaryColor: branding?.primaryColor ?? deps.branding.primaryColor,
          inviter: inviter.name || inviter.email,
          orgName: org.name,
          teamName: team?.name ?? null,
          link: `${linkBase}/invitations/${token}`,
          expiresAt,
        }),
      );
      return present(created, team?.name ?? null, subject, org);
    },

    /** Pending invitations of the org the caller may manage. */
    async list(ctx: RequestContext, orgId: string): Promise<Invitation[]> {
      const { org, subject } = await loadOrg(db, ctx, orgId, 'org:read');
      const rows = (await listPendingInvitations(db, org.id)).filter((r) =>
        managesInvitation(subject, org, r),
      );
      const names = await teamNames(
        db,
        rows.map((r) => r.teamId),
      );
      return rows.map((r) => present(r, (r.teamId && names.get(r.teamId)) ?? null, subject, org));
    },

    async revoke(ctx: RequestContext, input: { orgId: string; invitationId: string }): Promise<void> {
      const { org, subject } = await loadOrg(db, ctx, input.orgId);
      const row = await findOrgInvitation(db, org.id, input.invitationId);
      if (!row) throw new NotFoundError('invitation', 'The invitation does not exist or you cannot see it.');
      if (!managesInvitation(subject, org, row))
        throw new ForbiddenError('You cannot manage this invitation', 'team:members:manage');
      if (statusOf(row) !== 'pending') throw new ConflictError(`The invitation is already ${statusOf(row)}.`);
      const event = invitationEvent(row, 'invitation.revoke');
      await auditedWrite(db, ctx, (tx) => revokeInvitationRow(tx, row.id), event);
    },

    /** What the invitation page shows before sign-in: the token is the credential. */
    async preview(ctx: RequestContext, token: string): Promise<InvitationPreview> {
      const { inv, org } = await byToken(ctx, token);
      const [names, [inviter]] = await Promise.all([
        teamNames(db, [inv.teamId]),
        findUsersByIds(db, [inv.invitedBy]),
      ]);
      return {
        orgName: org.name,
        teamName: (inv.teamId && names.get(inv.teamId)) ?? null,
        email: inv.email,
        inviterName: inviter?.name ?? null,
        teamRole: inv.teamRole,
        orgRole: inv.orgRole,
        status: statusOf(inv),
        expiresAt: inv.expiresAt.toISOString(),
      };
    },

    /**
     * Accepts an invitation for the signed-in user: the email must match, the invitation must be
     * pending, and the tier's member limit must allow one more distinct member.
     */
    async accept(ctx: RequestContext, token: string): Promise<{ orgId: string; teamId: string | null }> {
      const { user } = ctx.principal();
      const { inv, org } = await byToken(ctx, token);
      const status = statusOf(inv);
      if (status !== 'pending') throw new ConflictError(`This invitation is ${status}; ask for a new one.`);
      if (inv.email.toLowerCase() !== user.email.toLowerCase()) {
        throw new ForbiddenError(
          `This invitation was sent to ${inv.email}; you are signed in as ${user.email}.`,
        );
      }
      if (ctx.auth?.apiKey) throw new InvalidError('Accept invitations in the browser, not with an API key.');
      await db.transaction(async (tx) => {
        if (!(await claimInvitation(tx, inv.id, user.id)))
          throw new ConflictError('This invitation was just used or revoked.');
        if (inv.teamId && inv.teamRole) {
          const team = { id: inv.teamId, orgId: org.id, clientId: org.clientId };
          await admitMember(teamMembership, tx, ctx, {
            holder: team,
            user,
            role: inv.teamRole,
            orgRole: inv.orgRole,
          });
        } else {
          const holder = { id: org.id, orgId: org.id, clientId: org.clientId };
          await orgMembership.grant(tx, holder, user.id, inv.orgRole);
        }
        await ctx.audit(tx, invitationEvent(inv, 'invitation.accept'));
      });
      ctx.forgetSubject();
      return { orgId: org.id, teamId: inv.teamId };
    },
  };
}
