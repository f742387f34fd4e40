import type { Logger } from 'pino';
import type { Db } from '../../db/database';
import { goneDeployments } from '../deployments/deployments.repo';
import { deploymentIdsWithSecrets } from './secrets.repo';
import { purgeDeploymentSecrets } from './secrets.service';
import type { TrackedSecretStore } from './secret.tracked';

/**
 * Removes the deployment- and service-tier secrets of deployments that are gone (their row is
 * soft-deleted once the custom resource has left the cluster), so Vault/AWS documents and built-in
 * ciphertexts never outlive their deployment. Runs periodically: a store that is down is retried.
 */
export function startSecretsCollector(deps: {
  db: Db;
  store: TrackedSecretStore;
  logger: Logger;
  intervalMs?: number;
}) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const sweep = async () => {
    const gone = await goneDeployments(deps.db, await deploymentIdsWithSecrets(deps.db));
    for (const d of gone) {
      const removed = await purgeDeploymentSecrets(deps.db, deps.store, d.orgId, d.id);
      deps.logger.info({ deploymentId: d.id, removed }, 'secrets of a deleted deployment removed');
    }
  };
  const loop = () => {
    running = sweep()
      .catch((err: unknown) =>
        deps.logger.warn({ err }, 'secret clean-up failed; retried at the next interval'),
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, deps.intervalMs ?? 60_000);
      });
  };
  loop();
  return {
    /** Runs one sweep now (tests). */
    sweep,
    async close() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
