import type { Logger } from 'pino';
import type { SecretSource, SecretStore } from '@k8s-scheduler/secrets';
import { SECRET_TIERS } from '@k8s-scheduler/domain';
import type { Config } from '@k8s-scheduler/config';
import { openDatabase, type Db } from '../../db/database';
import { createSecretStore } from './secret.stores';
import { keysForDeployment } from './secrets.repo';

/**
 * The operator's view of the store (built-in delivery): the merged values of one service's keys.
 * For each key the highest tier that has it wins (organization > deployment > service), judged on
 * the metadata as it is now, so a key added at a higher tier takes over even before the spec is
 * re-rendered. Rows are scoped by the spec's org AND deployment: a spec can only name its own org's
 * secrets. Values go straight into the Secret; nothing here logs them.
 */
export function createSecretSource(db: Db, store: SecretStore): SecretSource {
  return async (ref) => {
    const wanted = new Set(ref.keys.map((k) => k.key));
    if (wanted.size === 0) return {};
    const rows = (await keysForDeployment(db, ref.orgId, ref.deploymentId)).filter(
      (r) => wanted.has(r.key) && (r.tier !== 'service' || r.serviceName === ref.service),
    );
    const out: Record<string, string> = {};
    for (const key of [...wanted].sort()) {
      for (const tier of SECRET_TIERS) {
        const row = rows.find((r) => r.key === key && r.tier === tier);
        if (!row) continue;
        const value = await store.get({
          orgId: ref.orgId,
          tier,
          deploymentId: row.deploymentId,
          serviceName: row.serviceName,
          key,
        });
        if (value !== null) {
          out[key] = value;
          break;
        }
      }
    }
    return out;
  };
}

/**
 * For the standalone operator (`k8s-scheduler operator`), which has no HTTP platform: opens the
 * platform database and the configured store, and returns the source plus a `close` for shutdown.
 * With `CLUSTER_SECRET_STORE` set the operator does not call it (External Secrets deliver).
 */
export async function openSecretSource(
  config: Config,
  logger: Logger,
): Promise<{ secretSource: SecretSource; close(): Promise<void> }> {
  const database = await openDatabase(
    config.database.kind === 'pglite'
      ? config.database
      : { kind: 'postgres', url: config.database.url, max: 4 },
    (err) => logger.warn({ err }, 'idle database connection of the secret source lost; the pool replaces it'),
  );
  try {
    const store = await createSecretStore({ config, db: database.db, logger });
    return {
      secretSource: createSecretSource(database.db, store),
      async close() {
        await store.close();
        await database.close();
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}
