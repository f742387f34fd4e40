import { and, eq } from 'drizzle-orm';
import { ConflictError, InvalidError } from '@k8s-scheduler/domain';
import type { Db } from '../../db/database';
import { clients, userIdentities, users } from '../../db/schema';
import { createUserIfNew, findUserById, upsertUserByEmail } from '../users/users.repo';

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
 * How far an identity's email is trusted. `link`: the issuer is the platform's own choice (its
 * configured providers, or Google), so a verified email may reach an existing account of the
 * client. `bind-only`: the issuer is a white-label client's own (its admins control it and can mint
 * any email), so the identity only ever reaches the user it was first bound to by (issuer, sub).
 */
export type EmailTrust = 'link' | 'bind-only';

/**
 * The user of an identity: found by (provider, subject) in this client; else, when the issuer is
 * trusted with emails, linked by verified email to an existing user of the client; else created
 * (first sign-in). A client's own issuer never reaches an existing account by email.
 */
export async function userForIdentity(
  db: Db,
  clientId: string | null,
  provider: string,
  claims: IdentityClaims,
  trust: EmailTrust = 'link',
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
  const profile = {
    email: claims.email,
    name: typeof claims.name === 'string' && claims.name ? claims.name : claims.email.split('@')[0]!,
    avatarUrl: typeof claims.picture === 'string' ? claims.picture : null,
  };
  let user;
  if (trust === 'link') {
    user = await upsertUserByEmail(db, clientId, profile);
  } else {
    // Insert-only: a concurrent or earlier account with this email is refused, never joined.
    user = await createUserIfNew(db, clientId, profile);
    if (!user) throw await existingAccount(db, clientId);
  }
  await db
    .insert(userIdentities)
    .values({ provider: key, subject: claims.sub, userId: user.id })
    .onConflictDoNothing();
  return user;
}

/** The refusal when a client's own issuer names an email that already has an account there. */
async function existingAccount(db: Db, clientId: string | null) {
  let label = 'this site';
  if (clientId) {
    const [row] = await db
      .select({ name: clients.name, branding: clients.branding })
      .from(clients)
      .where(eq(clients.id, clientId));
    label = row?.branding?.name || row?.name || label;
  }
  return new ConflictError(
    `An account with this email already exists on ${label}; sign in with the method you used before.`,
  );
}
