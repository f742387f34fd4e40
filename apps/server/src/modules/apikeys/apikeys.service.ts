import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, gt, isNull, or } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { ApiKey } from '@k8s-scheduler/contracts';
import { ConflictError, NotFoundError } from '@k8s-scheduler/domain';
import type { Db } from '../../db/database';
import { apiKeys, users } from '../../db/schema';
import { guard } from '../access/access';
import { recordAudit } from '../audit/audit';
import type { AuthContext } from '../auth/auth.plugin';

type Row = typeof apiKeys.$inferSelect;

export const hashApiToken = (token: string) => createHash('sha256').update(token).digest('hex');

function present(r: Row): ApiKey {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    scopes: r.scopes as ApiKey['scopes'],
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    expiresAt: r.expiresAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}

export async function listApiKeys(db: Db, request: FastifyRequest): Promise<ApiKey[]> {
  const subject = await guard(db, request, 'apikeys:manage', {});
  const rows = await db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.userId, subject.userId))
    .orderBy(desc(apiKeys.createdAt));
  return rows.map(present);
}

/** Creates a key for the caller; the token (`ks_<random>`) is returned once and stored hashed. */
export async function createApiKey(
  db: Db,
  request: FastifyRequest,
  input: { name: string; scopes: string[]; expiresInDays?: number | undefined },
): Promise<ApiKey & { token: string }> {
  const subject = await guard(db, request, 'apikeys:manage', {});
  const token = `ks_${randomBytes(32).toString('base64url')}`;
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(apiKeys)
      .values({
        userId: subject.userId,
        name: input.name,
        prefix: token.slice(0, 10),
        tokenHash: hashApiToken(token),
        scopes: [...new Set(input.scopes)],
        expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
      })
      .returning();
    if (!created) throw new Error('api key insert returned nothing');
    await recordAudit(tx, request, {
      orgId: null,
      action: 'apikey.create',
      targetType: 'api_key',
      targetId: created.id,
      metadata: { name: input.name, scopes: created.scopes, prefix: created.prefix },
    });
    return created;
  });
  return { ...present(row), token };
}

export async function revokeApiKey(db: Db, request: FastifyRequest, keyId: string): Promise<void> {
  const subject = await guard(db, request, 'apikeys:manage', {});
  // Keys of other users are "not found", never "forbidden".
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.userId, subject.userId)));
  if (!row) throw new NotFoundError('api key', 'The API key does not exist or you cannot see it.');
  if (row.revokedAt) throw new ConflictError('The API key is already revoked.');
  await db.transaction(async (tx) => {
    await tx.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, row.id));
    await recordAudit(tx, request, {
      orgId: null,
      action: 'apikey.revoke',
      targetType: 'api_key',
      targetId: row.id,
      metadata: { name: row.name, prefix: row.prefix },
    });
  });
}

/**
 * Resolves `Authorization: Bearer ks_…` to its owner and scopes. Only keys of users of the
 * request's client count (a key is void on another client's host); revoked or expired keys are void.
 */
export function createApiKeyResolver(db: Db) {
  return async (token: string, clientId: string | null): Promise<AuthContext | null> => {
    if (!token.startsWith('ks_') || token.length > 200) return null;
    const now = new Date();
    const [row] = await db
      .select({ key: apiKeys, user: users })
      .from(apiKeys)
      .innerJoin(users, eq(users.id, apiKeys.userId))
      .where(
        and(
          eq(apiKeys.tokenHash, hashApiToken(token)),
          isNull(apiKeys.revokedAt),
          or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now)),
        ),
      );
    if (!row || row.user.clientId !== clientId) return null;
    // Record use at most once a minute: no write on every request.
    if (!row.key.lastUsedAt || now.getTime() - row.key.lastUsedAt.getTime() > 60_000) {
      await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.key.id));
    }
    return { user: row.user, via: 'api_key', apiKey: { id: row.key.id, scopes: row.key.scopes } };
  };
}
