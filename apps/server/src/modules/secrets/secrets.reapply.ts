import { and, eq, isNull } from 'drizzle-orm';
import type { Logger } from 'pino';
import { userDeploymentSpecSchema, type UserDeploymentSpec } from '@k8s-scheduler/crds';
import { effectiveEnvironment } from '@k8s-scheduler/domain';
import type { Config } from '../../config/config';
import type { Db } from '../../db/database';
import { deployments } from '../../db/schema';
import type { KubeConnection } from '../../kube/connect';
import { enqueue } from '../../outbox/outbox.repo';
import type { PlatformServices } from '../../services';
import { userDeploymentObject } from '../deployments/deployments.objects';
import { deploymentSecretRefs, type DeploymentSecretRefs, type SecretsChangedHook } from './secrets.service';

/**
 * The secret fields of a rendered spec brought up to date (what `render` derives from the refs):
 * `secretRefs`, each service's `envFrom` (effective keys with their tier) and `secretsRevision`.
 * Everything else of the spec is kept as rendered.
 */
export function withSecretRefs(spec: UserDeploymentSpec, refs: DeploymentSecretRefs): UserDeploymentSpec {
  const sorted = (keys: readonly string[]) => [...new Set(keys)].sort();
  return {
    ...spec,
    secretRefs: {
      organization: sorted(refs.organization),
      deployment: sorted(refs.deployment),
      services: Object.entries(refs.services)
        .map(([service, keys]) => ({ service, keys: sorted(keys) }))
        .sort((a, b) => (a.service < b.service ? -1 : 1)),
    },
    services: spec.services.map((s) => ({
      ...s,
      envFrom: effectiveEnvironment({
        organization: refs.organization,
        deployment: refs.deployment,
        service: refs.services[s.name] ?? [],
      }).map(({ key, tier }) => ({ key, tier })),
    })),
    secretsRevision: refs.revision,
  };
}

/**
 * Re-applies the custom resources a secret change affects: each live deployment's stored spec gets
 * its secret fields refreshed (new keys, shadowing, revision) and a new generation, and the
 * UserDeployment goes to the outbox in the same transaction. The operator then re-reads the values
 * and the checksum annotation rolls the pods.
 */
export function createReapplyHook(deps: {
  db: Db;
  logger: Logger;
  kube: KubeConnection | null;
  config: Config;
  services: PlatformServices;
}): SecretsChangedHook {
  const { db, logger } = deps;
  return async ({ orgId, deploymentIds }) => {
    let applied = 0;
    for (const id of deploymentIds) {
      const changed = await db.transaction(async (tx) => {
        const [row] = await tx
          .select()
          .from(deployments)
          .where(and(eq(deployments.orgId, orgId), eq(deployments.id, id), isNull(deployments.deletedAt)))
          .for('update');
        if (!row || row.phase === 'Deleting') return false;
        const parsed = userDeploymentSpecSchema.safeParse(row.spec);
        if (!parsed.success) {
          // A spec that is not a rendered UserDeployment (yet) is re-rendered by its own next change.
          logger.warn(
            { deploymentId: id, issues: parsed.error.issues.length },
            'secrets changed but the stored spec does not parse; not re-applied',
          );
          return false;
        }
        const spec = withSecretRefs(parsed.data, await deploymentSecretRefs(tx, orgId, id));
        const generation = row.generation + 1;
        await tx
          .update(deployments)
          .set({ spec: spec as unknown as Record<string, unknown>, generation, updatedAt: new Date() })
          .where(eq(deployments.id, row.id));
        await enqueue(
          tx,
          'apply',
          userDeploymentObject({ name: row.name, namespace: row.namespace, generation, spec }),
        );
        return true;
      });
      if (changed) applied++;
    }
    if (applied > 0) {
      deps.services.outbox?.notify();
      logger.info({ orgId, deployments: applied }, 'secrets changed: deployments re-applied');
    }
  };
}
