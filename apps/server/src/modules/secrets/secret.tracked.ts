import type { Db, Tx } from '../../db/database';
import { scopeOf, type SecretStore, type StoreLocator } from '@k8s-scheduler/secrets';
import { deleteMeta, upsertMeta } from './secrets.repo';

export interface WriteOptions {
  userId: string | null;
  /** Runs in the metadata transaction (audit entry), so both commit together. */
  inTransaction?: (tx: Tx, row: { id: string; revision: number; created: boolean }) => Promise<void>;
}

/**
 * The store as the platform hands it out (`services.secrets`): every write keeps the `secrets`
 * metadata row in step (created, revision bumped, who/when), whatever the backing store, so any
 * caller of `put` — the secrets API or a deployment storing its template secrets — is listed,
 * counted in the revision and rolls the pods.
 */
export interface TrackedSecretStore extends SecretStore {
  write(
    locator: StoreLocator,
    value: string,
    options: WriteOptions,
  ): Promise<{ id: string; revision: number; created: boolean }>;
  remove(
    locator: StoreLocator,
    options: Omit<WriteOptions, 'userId'>,
  ): Promise<{ id: string; revision: number } | null>;
  /** The backing store (reads for delivery go here; writes go through `write`). */
  readonly backing: SecretStore;
}

export function createTrackedStore(db: Db, backing: SecretStore): TrackedSecretStore {
  const write: TrackedSecretStore['write'] = async (locator, value, options) => {
    const scope = scopeOf(locator);
    // Metadata first, so the built-in store finds the row to attach the ciphertext to.
    const row = await db.transaction(async (tx) => {
      const r = await upsertMeta(tx, scope, locator.key, backing.kind, options.userId);
      await options.inTransaction?.(tx, r);
      return r;
    });
    try {
      await backing.put(locator, value);
    } catch (err) {
      // A brand-new key whose value could not be stored must not linger without a value.
      if (row.created) await db.transaction((tx) => deleteMeta(tx, scope, locator.key));
      throw err;
    }
    return row;
  };
  const remove: TrackedSecretStore['remove'] = async (locator, options) => {
    // The value first: a failure leaves the key listed (and deletable again), never a stray value.
    await backing.delete(locator);
    return db.transaction(async (tx) => {
      const removed = await deleteMeta(tx, scopeOf(locator), locator.key);
      if (removed) await options.inTransaction?.(tx, { ...removed, created: false });
      return removed;
    });
  };
  return {
    kind: backing.kind,
    backing,
    write,
    remove,
    async put(locator, value) {
      await write(locator, value, { userId: null });
    },
    get: (locator) => backing.get(locator),
    async delete(locator) {
      await remove(locator, {});
    },
    ping: () => backing.ping(),
    close: () => backing.close(),
  };
}
