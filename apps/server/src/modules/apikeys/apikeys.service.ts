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
import { authzKeys, type AuthzCache } from '../authz-cache/authz.cache';

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

/** What the authorization cache keeps of a key: enough to authenticate without the database. */
interface ResolvedKey {
  key: { id: string; userId: string; scopes: string[]; expiresAt: number | null; lastUsedAt: number | null };
  user: typeof users.$inferSelect;
}

async function findActiveKey(db: Db, tokenHash: string, now: Date): Promise<ResolvedKey | null> {
  const [row] = await db
    .select({ key: apiKeys, user: users })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(
      and(
        eq(apiKeys.tokenHash, tokenHash),
        isNull(apiKeys.revokedAt),
        or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now)),
      ),
    );
  if (!row) return null;
  const { key, user } = row;
  return {
    key: {
      id: key.id,
      userId: key.userId,
      scopes: key.scopes,
      expiresAt: key.expiresAt?.getTime() ?? null,
      lastUsedAt: key.lastUsedAt?.getTime() ?? null,
    },
    user,
  };
}

/**
 * Resolves `Authorization: Bearer ks_…` to its owner and scopes. Only keys of users of the
 * request's client count (a key is void on another client's host); revoked or expired keys are void.
 * With the authorization cache, a key is looked up once; revoking or changing it, or changing its
 * owner, is announced by the database and drops it from the cache.
 */
export function createApiKeyResolver(db: Db, cache: AuthzCache | null = null) {
  return async (token: string, clientId: string | null): Promise<AuthContext | null> => {
    if (!token.startsWith('ks_') || token.length > 200) return null;
    const now = new Date();
    const tokenHash = hashApiToken(token);
    const found = cache
      ? await cache.get(authzKeys.apiKey(tokenHash), async () => {
          const hit = await findActiveKey(db, tokenHash, now);
          return hit && { value: hit, userId: hit.key.userId, expiresAt: hit.key.expiresAt ?? undefined };
        })
      : await findActiveKey(db, tokenHash, now);
    if (!found || found.user.clientId !== clientId) return null;
    const { key, user } = found;
    if (key.expiresAt !== null && key.expiresAt <= now.getTime()) return null;
    // Record use at most once a minute: no write on every request. The cached entry remembers the
    // write (this update alone announces nothing, see migration 0003_authz_notify).
    if (key.lastUsedAt === null || now.getTime() - key.lastUsedAt > 60_000) {
      key.lastUsedAt = now.getTime();
      await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, key.id));
    }
    return { user, via: 'api_key', apiKey: { id: key.id, scopes: key.scopes } };
  };
}
