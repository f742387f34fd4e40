import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { User } from '@k8s-scheduler/contracts';
import type { Db, Tx } from '../../db/database';
import { users } from './users.schema';

export type UserRow = typeof users.$inferSelect;

export function toUserDto(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    avatarUrl: row.avatarUrl,
    isPlatformAdmin: row.isPlatformAdmin,
    clientId: row.clientId,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Users are scoped by client: the same email on two clients is two different accounts. */
const clientScope = (clientId: string | null) =>
  clientId ? eq(users.clientId, clientId) : isNull(users.clientId);

export async function findUserById(
  db: Db,
  clientId: string | null,
  id: string,
): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(clientScope(clientId), eq(users.id, id)));
  return row;
}

/**
 * The users with these ids, by email. The ids come from rows already scoped to the tenant (members
 * of an org, the author of an invitation), which is why no client is given.
 */
export async function findUsersByIds(db: Db | Tx, ids: readonly (string | null)[]): Promise<UserRow[]> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return [];
  return db.select().from(users).where(inArray(users.id, wanted)).orderBy(users.email);
}

export async function findUserByEmail(db: Db | Tx, clientId: string | null, email: string) {
  const [row] = await db
    .select()
    .from(users)
    .where(and(clientScope(clientId), sql`lower(${users.email}) = lower(${email})`));
  return row;
}

/**
 * Creates the user with this email in the client, or returns null when the client already has an
 * account with that email (also one created concurrently): never returns an existing user.
 */
export async function createUserIfNew(
  db: Db,
  clientId: string | null,
  input: { email: string; name: string; avatarUrl?: string | null; isPlatformAdmin?: boolean },
): Promise<UserRow | null> {
  const [created] = await db
    .insert(users)
    .values({
      clientId,
      email: input.email,
      name: input.name,
      avatarUrl: input.avatarUrl ?? null,
      isPlatformAdmin: input.isPlatformAdmin ?? false,
      lastLoginAt: new Date(),
    })
    .onConflictDoNothing()
    .returning();
  return created ?? null;
}

/** Finds the user with this email in the client, or creates one. Safe against concurrent sign-ins. */
export async function upsertUserByEmail(
  db: Db,
  clientId: string | null,
  input: { email: string; name: string; avatarUrl?: string | null; isPlatformAdmin?: boolean },
): Promise<UserRow> {
  const existing = await findUserByEmail(db, clientId, input.email);
  if (existing) {
    const [updated] = await db
      .update(users)
      .set({ lastLoginAt: new Date() })
      .where(eq(users.id, existing.id))
      .returning();
    return updated ?? existing;
  }
  const created = await createUserIfNew(db, clientId, input);
  if (created) return created;
  const raced = await findUserByEmail(db, clientId, input.email);
  if (!raced) throw new Error('user vanished during upsert');
  return raced;
}

/**
 * Names of these users by id, for "changed by" columns of other modules' rows (the ids come from
 * rows already scoped to the caller's tenant, so no client filter: a platform admin may be one).
 */
export async function userNamesByIds(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, { id: string; email: string; name: string }>> {
  if (!ids.length) return new Map();
  const rows = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(inArray(users.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Records a sign-in of the client's user; returns the updated row (undefined: no such user there). */
export async function touchLastLogin(
  db: Db,
  clientId: string | null,
  id: string,
): Promise<UserRow | undefined> {
  const [row] = await db
    .update(users)
    .set({ lastLoginAt: new Date() })
    .where(and(clientScope(clientId), eq(users.id, id)))
    .returning();
  return row;
}
