import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database';
import { secretValues } from './secret-values.schema';
import { secrets } from './secrets.schema';
import {
  type Keyring,
  scopeOf,
  type StoreScope,
  type SecretStore,
  type StoreLocator,
} from '@k8s-scheduler/secrets';

/** A sealed value: AES-256-GCM ciphertext, its 96-bit IV and 128-bit tag, and the key id. */
export interface Sealed {
  ciphertext: Buffer;
  iv: Buffer;
  authTag: Buffer;
  keyId: string;
}

/**
 * Seals a value. The secret's row id is the additional authenticated data, so a ciphertext copied
 * onto another secret's row fails to open (no swapping values between tenants in the database).
 */
export function seal(keyring: Keyring, secretId: string, plaintext: string): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyring.current.key, iv);
  cipher.setAAD(Buffer.from(secretId, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { ciphertext, iv, authTag: cipher.getAuthTag(), keyId: keyring.current.id };
}

/** Opens a sealed value; throws (without any value in the message) when the key or data is wrong. */
export function open(keyring: Keyring, secretId: string, sealed: Sealed): string {
  const key = keyring.byId.get(sealed.keyId);
  if (!key)
    throw new Error(
      `secret ${secretId} is sealed with an unknown key (id ${sealed.keyId}); configure it as a previous key`,
    );
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv);
  decipher.setAAD(Buffer.from(secretId, 'utf8'));
  decipher.setAuthTag(sealed.authTag);
  try {
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
  } catch {
    // The underlying error says nothing useful and never contains plaintext; name the row instead.
    throw new Error(`secret ${secretId} failed authentication (tampered ciphertext or wrong key)`);
  }
}

/** The WHERE clause selecting one scope's rows; the tenant (org, or client) comes first, always. */
export function scopeWhere(scope: StoreScope): SQL {
  if (scope.tier === 'client')
    return and(
      eq(secrets.clientId, scope.clientId),
      eq(secrets.tier, 'client'),
      isNull(secrets.orgId),
    ) as SQL;
  return and(
    eq(secrets.orgId, scope.orgId),
    eq(secrets.tier, scope.tier),
    scope.deploymentId === null ? isNull(secrets.deploymentId) : eq(secrets.deploymentId, scope.deploymentId),
    scope.serviceName === null ? isNull(secrets.serviceName) : eq(secrets.serviceName, scope.serviceName),
  ) as SQL;
}

/**
 * The embedded default: values sealed with AES-256-GCM in `secret_values`, one row per key,
 * attached to the key's `secrets` metadata row.
 */
export function createBuiltinStore(
  db: Db,
  keyring: Keyring,
): SecretStore & { reseal(): Promise<{ resealed: number; unknownKey: number }> } {
  const rowIdOf = async (locator: StoreLocator): Promise<string | null> => {
    const [row] = await db
      .select({ id: secrets.id })
      .from(secrets)
      .where(and(scopeWhere(scopeOf(locator)), eq(secrets.key, locator.key)));
    return row?.id ?? null;
  };

  return {
    kind: 'builtin',
    async put(locator, value) {
      const scope = scopeOf(locator);
      let id = await rowIdOf(locator);
      if (!id) {
        // Normally the secrets service has written the metadata row already; used alone, create it.
        await db
          .insert(secrets)
          .values({ ...scope, key: locator.key, store: 'builtin' })
          .onConflictDoNothing();
        id = await rowIdOf(locator);
        if (!id) throw new Error('secret metadata row vanished while writing its value');
      }
      const sealed = seal(keyring, id, value);
      await db
        .insert(secretValues)
        .values({ secretId: id, ...sealed })
        .onConflictDoUpdate({ target: secretValues.secretId, set: { ...sealed, updatedAt: sql`now()` } });
    },
    async get(locator) {
      const [row] = await db
        .select({
          id: secrets.id,
          ciphertext: secretValues.ciphertext,
          iv: secretValues.iv,
          authTag: secretValues.authTag,
          keyId: secretValues.keyId,
        })
        .from(secrets)
        .innerJoin(secretValues, eq(secretValues.secretId, secrets.id))
        .where(and(scopeWhere(scopeOf(locator)), eq(secrets.key, locator.key)));
      return row ? open(keyring, row.id, row) : null;
    },
    async delete(locator) {
      const id = await rowIdOf(locator);
      if (id) await db.delete(secretValues).where(eq(secretValues.secretId, id));
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    async close() {},
    /**
     * Re-seals every value not sealed with the current key (after a rotation). Values sealed with a
     * key this keyring lacks are counted, not touched, so a missing previous key aborts nothing.
     */
    async reseal() {
      const stale = await db
        .select({
          id: secretValues.secretId,
          ciphertext: secretValues.ciphertext,
          iv: secretValues.iv,
          authTag: secretValues.authTag,
          keyId: secretValues.keyId,
        })
        .from(secretValues)
        .where(sql`${secretValues.keyId} <> ${keyring.current.id}`);
      let resealed = 0;
      for (const row of stale) {
        if (!keyring.byId.has(row.keyId)) continue;
        const sealed = seal(keyring, row.id, open(keyring, row.id, row));
        // Optimistic: only replace the exact ciphertext we read (a concurrent write wins).
        await db
          .update(secretValues)
          .set({ ...sealed, updatedAt: sql`now()` })
          .where(
            and(
              eq(secretValues.secretId, row.id),
              eq(secretValues.keyId, row.keyId),
              eq(secretValues.iv, row.iv),
            ),
          );
        resealed++;
      }
      return { resealed, unknownKey: stale.length - resealed };
    },
  };
}
