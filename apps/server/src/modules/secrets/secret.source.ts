import type { SecretSource } from '@k8s-scheduler/operator';
import { SECRET_TIERS } from '@k8s-scheduler/domain';
import type { Db } from '../../db/database';
import { keysForDeployment } from './secrets.repo';
import type { SecretStore } from './secret.store';

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
        const value = await store.get({ orgId: ref.orgId, tier, deploymentId: row.deploymentId, serviceName: row.serviceName, key });
        if (value !== null) {
          out[key] = value;
          break;
        }
      }
    }
    return out;
  };
}
