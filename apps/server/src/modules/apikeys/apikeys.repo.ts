import { and, desc, eq, gt, isNull, or } from 'drizzle-orm';
import type { ApiKeyScope } from '@k8s-scheduler/domain';
import type { Db, Tx } from '../../db/database';
import { apiKeys } from './apikeys.schema';

/**
 * The one reader and writer of `api_keys`. Keys belong to a user: every function that serves a
 * caller takes the owner first, so another user's key is "not found".
 */

export type ApiKeyRow = typeof apiKeys.$inferSelect;

/** The user's keys, newest first. */
export function listKeysOf(db: Db, userId: string): Promise<ApiKeyRow[]> {
  return db.select().from(apiKeys).where(eq(apiKeys.userId, userId)).orderBy(desc(apiKeys.createdAt));
}

/** One key of the user (another user's key: undefined). */
export async function findKeyOf(db: Db, userId: string, keyId: string): Promise<ApiKeyRow | undefined> {
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.userId, userId), eq(apiKeys.id, keyId)));
  return row;
}

export async function insertKey(
  tx: Tx,
  values: {
    userId: string;
    name: string;
    prefix: string;
    tokenHash: string;
    scopes: ApiKeyScope[];
    expiresAt: Date | null;
  },
): Promise<ApiKeyRow> {
  const [created] = await tx.insert(apiKeys).values(values).returning();
  if (!created) throw new Error('api key insert returned nothing');
  return created;
}

export async function revokeKey(tx: Tx, userId: string, keyId: string, at: Date): Promise<void> {
  await tx
    .update(apiKeys)
    .set({ revokedAt: at })
    .where(and(eq(apiKeys.userId, userId), eq(apiKeys.id, keyId)));
}

/** The key with this token hash unless it is revoked or expired at `now` (authentication). */
export async function findActiveKeyByHash(
  db: Db,
  tokenHash: string,
  now: Date,
): Promise<ApiKeyRow | undefined> {
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(
      and(
        eq(apiKeys.tokenHash, tokenHash),
        isNull(apiKeys.revokedAt),
        or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now)),
      ),
    );
  return row;
}

/** Records a use of the key (the resolver calls it at most once a minute per key). */
export async function touchKey(db: Db, keyId: string, at: Date): Promise<void> {
  await db.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, keyId));
}
