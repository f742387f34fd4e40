import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/database';
import { userIdentities } from './oauth.schema';

/**
 * The one reader and writer of `user_identities`: which user an identity (provider key, subject) is
 * bound to. The provider key carries the client (see providerKey), so a lookup never crosses clients.
 */

/** The user an identity is bound to, or null. */
export async function findBoundUserId(db: Db, providerKey: string, subject: string): Promise<string | null> {
  const [row] = await db
    .select({ userId: userIdentities.userId })
    .from(userIdentities)
    .where(and(eq(userIdentities.provider, providerKey), eq(userIdentities.subject, subject)));
  return row?.userId ?? null;
}

/** Binds an identity to a user; an identity already bound keeps its user. */
export async function bindIdentity(
  db: Db,
  providerKey: string,
  subject: string,
  userId: string,
): Promise<void> {
  await db.insert(userIdentities).values({ provider: providerKey, subject, userId }).onConflictDoNothing();
}
