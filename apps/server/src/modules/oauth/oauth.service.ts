import { and, eq } from 'drizzle-orm';
import { InvalidError } from '@k8s-scheduler/domain';
import type { Db } from '../../db/database';
import { userIdentities, users } from '../../db/schema';
import { findUserById, upsertUserByEmail } from '../users/users.repo';

export interface IdentityClaims {
  sub: string;
  email?: unknown;
  email_verified?: unknown;
  name?: unknown;
  picture?: unknown;
}

/**
 * Identities are bound to the client of the host they signed in on: the same Google account on two
 * white-label clients is two separate users, so the provider key carries the client id.
 */
export const providerKey = (provider: string, clientId: string | null) =>
  clientId ? `${provider}@${clientId}` : provider;

/**
 * The user of an identity: found by (provider, subject) in this client, else linked by verified
 * email to an existing user of the client, else created (first sign-in).
 */
export async function userForIdentity(
  db: Db,
  clientId: string | null,
  provider: string,
  claims: IdentityClaims,
) {
  const key = providerKey(provider, clientId);
  const [bound] = await db
    .select({ userId: userIdentities.userId })
    .from(userIdentities)
    .where(and(eq(userIdentities.provider, key), eq(userIdentities.subject, claims.sub)));
  if (bound) {
    const user = await findUserById(db, clientId, bound.userId);
    if (user) {
      const [updated] = await db
        .update(users)
        .set({ lastLoginAt: new Date() })
        .where(eq(users.id, user.id))
        .returning();
      return updated ?? user;
    }
  }
  if (typeof claims.email !== 'string' || !claims.email.includes('@')) {
    throw new InvalidError(
      'The identity provider did not share an email address; allow the email scope and try again.',
    );
  }
  // An unverified email must not take over an existing account with that address.
  if (claims.email_verified === false) {
    throw new InvalidError('The identity provider says this email address is not verified.');
  }
  const user = await upsertUserByEmail(db, clientId, {
    email: claims.email,
    name: typeof claims.name === 'string' && claims.name ? claims.name : claims.email.split('@')[0]!,
    avatarUrl: typeof claims.picture === 'string' ? claims.picture : null,
  });
  await db
    .insert(userIdentities)
    .values({ provider: key, subject: claims.sub, userId: user.id })
    .onConflictDoNothing();
  return user;
}
