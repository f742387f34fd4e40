import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/database';
import { writeAudit, type AuditActor } from '../audit/audit';
import { users } from './users.schema';
import type { UserRow } from './users.repo';

/**
 * Platform administrators: granted at sign-in from `PLATFORM_ADMIN_EMAILS` (direct users signing
 * in with the platform's own providers only), and by `k8s-scheduler admin grant|revoke <email>`.
 * Every change is audited (`platform_admin.grant` / `platform_admin.revoke`, no org).
 */

/** Emails compared the way accounts are found: trimmed, case-insensitive. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

const auditEvent = (user: UserRow, admin: boolean, via: string, extra: Record<string, unknown> = {}) => ({
  orgId: null,
  action: admin ? 'platform_admin.grant' : 'platform_admin.revoke',
  targetType: 'user',
  targetId: user.id,
  metadata: { email: user.email, via, ...extra },
});

/**
 * Grants platform admin to a user who just signed in, when `email` (verified by one of the
 * platform's own identity providers) is listed. Only direct users (no white-label client) qualify;
 * a client's account with the same email never does. Returns the user as it now is.
 */
export async function grantListedPlatformAdmin(
  db: Db,
  input: {
    user: UserRow;
    verifiedEmail: string;
    listed: readonly string[];
    provider: string;
    actor: AuditActor;
  },
): Promise<UserRow> {
  const { user } = input;
  if (user.clientId !== null || user.isPlatformAdmin) return user;
  const email = normalizeEmail(input.verifiedEmail);
  if (normalizeEmail(user.email) !== email || !input.listed.includes(email)) return user;
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(users)
      .set({ isPlatformAdmin: true })
      .where(and(eq(users.id, user.id), isNull(users.clientId), eq(users.isPlatformAdmin, false)))
      .returning();
    if (!updated) return user;
    await writeAudit(
      tx,
      { ...input.actor, clientId: null, userId: user.id, apiKeyId: null },
      auditEvent(updated, true, 'PLATFORM_ADMIN_EMAILS', { provider: input.provider }),
    );
    return updated;
  });
}

export type PlatformAdminChange =
  | { outcome: 'granted' | 'revoked'; user: UserRow; created: boolean }
  | { outcome: 'unchanged'; user: UserRow }
  | { outcome: 'not_found' };

/**
 * Sets or clears platform admin on the direct user with this email (the operator's command). A
 * grant to an email with no direct account yet creates it, so the person becomes admin on their
 * first sign-in with the platform's providers (a verified email reaches the existing account). A
 * revoke of an unknown email changes nothing.
 */
export async function setPlatformAdminByEmail(
  db: Db,
  rawEmail: string,
  admin: boolean,
  actor: AuditActor,
): Promise<PlatformAdminChange> {
  const email = rawEmail.trim();
  return db.transaction(async (tx) => {
    const find = async () => {
      const [row] = await tx
        .select()
        .from(users)
        .where(and(isNull(users.clientId), sql`lower(${users.email}) = lower(${email})`))
        .for('update');
      return row;
    };
    let user = await find();
    let created = false;
    if (!user) {
      if (!admin) return { outcome: 'not_found' } as const;
      const [inserted] = await tx
        .insert(users)
        .values({ clientId: null, email, name: email.split('@')[0]!, isPlatformAdmin: true })
        .onConflictDoNothing()
        .returning();
      user = inserted ?? (await find());
      if (!user) throw new Error('user vanished during grant');
      created = Boolean(inserted);
    }
    if (!created) {
      if (user.isPlatformAdmin === admin) return { outcome: 'unchanged', user } as const;
      const [updated] = await tx
        .update(users)
        .set({ isPlatformAdmin: admin })
        .where(eq(users.id, user.id))
        .returning();
      user = updated!;
    }
    await writeAudit(tx, actor, auditEvent(user, admin, 'cli', { created }));
    return { outcome: admin ? 'granted' : 'revoked', user, created } as const;
  });
}
