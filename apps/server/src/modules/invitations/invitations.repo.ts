import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database';
import { invitations } from './invitations.schema';

/** The only reads and writes of `invitations`. Callers scope by the org, loaded for the client first. */

export type InvitationRow = typeof invitations.$inferSelect;
export type NewInvitation = typeof invitations.$inferInsert;
type Q = Db | Tx;

export async function insertInvitation(tx: Q, values: NewInvitation): Promise<InvitationRow> {
  const [row] = await tx.insert(invitations).values(values).returning();
  if (!row) throw new Error('invitation insert returned nothing');
  return row;
}

/** Invitations of the org that are neither accepted, revoked nor expired; newest first. */
export async function listPendingInvitations(db: Q, orgId: string): Promise<InvitationRow[]> {
  return db
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.orgId, orgId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, new Date()),
      ),
    )
    .orderBy(desc(invitations.createdAt));
}

export async function findOrgInvitation(
  db: Q,
  orgId: string,
  id: string,
): Promise<InvitationRow | undefined> {
  const [row] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.orgId, orgId), eq(invitations.id, id)));
  return row;
}

/** The invitation of this token hash (any org: the caller checks the org's client). */
export async function findInvitationByTokenHash(
  db: Q,
  tokenHash: string,
): Promise<InvitationRow | undefined> {
  const [row] = await db.select().from(invitations).where(eq(invitations.tokenHash, tokenHash));
  return row;
}

export async function revokeInvitationRow(tx: Q, id: string): Promise<void> {
  await tx.update(invitations).set({ revokedAt: new Date() }).where(eq(invitations.id, id));
}

/**
 * Marks the invitation accepted unless it was accepted or revoked meanwhile: only one of two
 * concurrent acceptances wins. Returns whether this one did.
 */
export async function claimInvitation(tx: Q, id: string, userId: string): Promise<boolean> {
  const [claimed] = await tx
    .update(invitations)
    .set({ acceptedAt: new Date(), acceptedBy: userId })
    .where(and(eq(invitations.id, id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .returning({ id: invitations.id });
  return Boolean(claimed);
}
