import { createHash, randomBytes } from 'node:crypto';
import type { ApiKey } from '@k8s-scheduler/contracts';
import { ConflictError, apiKeyPolicy, ownApiKeys, type ApiKeyScope } from '@k8s-scheduler/domain';
import { auditedWrite, type RequestContext } from '../../context/context';
import type { Db } from '../../db/database';
import type { AuthContext } from '../auth/auth.types';
import { authzKeys, type AuthzCache } from '../authz-cache/authz.cache';
import { findUserById } from '../users/users.repo';
import {
  findActiveKeyByHash,
  findKeyOf,
  insertKey,
  listKeysOf,
  revokeKey,
  touchKey,
  type ApiKeyRow,
} from './apikeys.repo';

export const hashApiToken = (token: string) => createHash('sha256').update(token).digest('hex');

function present(r: ApiKeyRow): ApiKey {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    scopes: r.scopes,
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    expiresAt: r.expiresAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}

/** The caller's own API keys (for the CLI and CI). API keys cannot manage API keys. */
export function createApiKeysService(deps: { db: Db }) {
  const { db } = deps;

  /** Guards the caller's own keys: a session is needed (403 with an API key). */
  async function ownKeys(ctx: RequestContext) {
    const { subject } = await ctx.enforce(
      apiKeyPolicy,
      ownApiKeys(ctx.principal().user.id),
      'apikeys:manage',
    );
    return subject.userId;
  }

  return {
    async list(ctx: RequestContext): Promise<ApiKey[]> {
      const userId = await ownKeys(ctx);
      return (await listKeysOf(db, userId)).map(present);
    },

    /** Creates a key for the caller; the token (`ks_<random>`) is returned once and stored hashed. */
    async create(
      ctx: RequestContext,
      input: { name: string; scopes: ApiKeyScope[]; expiresInDays?: number | undefined },
    ): Promise<ApiKey & { token: string }> {
      const userId = await ownKeys(ctx);
      const token = `ks_${randomBytes(32).toString('base64url')}`;
      const row = await db.transaction(async (tx) => {
        const created = await insertKey(tx, {
          userId,
          name: input.name,
          prefix: token.slice(0, 10),
          tokenHash: hashApiToken(token),
          scopes: [...new Set(input.scopes)],
          expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
        });
        await ctx.audit(tx, {
          orgId: null,
          action: 'apikey.create',
          targetType: 'api_key',
          targetId: created.id,
          // The prefix identifies the key in lists; the token itself is never recorded.
          metadata: {
            name: input.name,
            scopes: created.scopes,
            prefix: created.prefix,
            expiresAt: created.expiresAt?.toISOString() ?? null,
          },
        });
        return created;
      });
      return { ...present(row), token };
    },

    async revoke(ctx: RequestContext, keyId: string): Promise<void> {
      const userId = await ownKeys(ctx);
      // Keys of other users are "not found", never "forbidden" (the repository reads only the caller's).
      const { resource: row } = await ctx.enforce(apiKeyPolicy, await findKeyOf(db, userId, keyId));
      if (row.revokedAt) throw new ConflictError('The API key is already revoked.');
      await auditedWrite(db, ctx, (tx) => revokeKey(tx, userId, row.id, new Date()), {
        orgId: null,
        action: 'apikey.revoke',
        targetType: 'api_key',
        targetId: row.id,
        metadata: { name: row.name, prefix: row.prefix },
      });
    },
  };
}
export type ApiKeysService = ReturnType<typeof createApiKeysService>;

/** What the authorization cache keeps of a key: enough to authenticate without the database. */
interface ResolvedKey {
  key: { id: string; userId: string; scopes: string[]; expiresAt: number | null; lastUsedAt: number | null };
  user: NonNullable<Awaited<ReturnType<typeof findUserById>>>;
}

/** The active key of a token hash and its owner, a user of `clientId` (a key of another client's user: null). */
async function findActiveKey(
  db: Db,
  clientId: string | null,
  tokenHash: string,
  now: Date,
): Promise<ResolvedKey | null> {
  const key = await findActiveKeyByHash(db, tokenHash, now);
  const user = key && (await findUserById(db, clientId, key.userId));
  if (!key || !user) return null;
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
 * With the authorization cache, a key is looked up once per client; revoking or changing it, or
 * changing its owner, is announced by the database and drops it from the cache.
 */
export function createApiKeyResolver(db: Db, cache: AuthzCache | null = null) {
  return async (token: string, clientId: string | null): Promise<AuthContext | null> => {
    if (!token.startsWith('ks_') || token.length > 200) return null;
    const now = new Date();
    const tokenHash = hashApiToken(token);
    const found = cache
      ? await cache.get(authzKeys.apiKey(tokenHash, clientId), async () => {
          const hit = await findActiveKey(db, clientId, tokenHash, now);
          return hit && { value: hit, userId: hit.key.userId, expiresAt: hit.key.expiresAt ?? undefined };
        })
      : await findActiveKey(db, clientId, tokenHash, now);
    if (!found || found.user.clientId !== clientId) return null;
    const { key, user } = found;
    if (key.expiresAt !== null && key.expiresAt <= now.getTime()) return null;
    // Record use at most once a minute: no write on every request. The cached entry remembers the
    // write (this update alone announces nothing, see migration 0003_authz_notify).
    if (key.lastUsedAt === null || now.getTime() - key.lastUsedAt > 60_000) {
      key.lastUsedAt = now.getTime();
      await touchKey(db, key.id, now);
    }
    return { user, via: 'api_key', apiKey: { id: key.id, scopes: key.scopes } };
  };
}
