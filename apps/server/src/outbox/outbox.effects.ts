import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { USER_DEPLOYMENT_KIND } from '@k8s-scheduler/crds';
import type { Db } from '../db/database';
import { deployments } from '../db/schema';
import type { KubeObjectRef } from '../kube/kube.http';

/** Messages of a deployment that has not reached the cluster yet (set by the deployments service). */
const NOT_YET_APPLIED = ['no cluster connected', 'waiting to be applied to the cluster'];
export const APPLIED_MESSAGE = 'applied to the cluster; waiting for the operator';

/** After a UserDeployment was applied: a deployment still waiting says it reached the cluster. */
export async function afterApplied(db: Db, obj: KubeObjectRef): Promise<void> {
  if (obj.kind !== USER_DEPLOYMENT_KIND) return;
  const id = (obj.spec as { deploymentId?: string } | undefined)?.deploymentId;
  if (!id) return;
  await db
    .update(deployments)
    .set({ statusMessage: APPLIED_MESSAGE })
    .where(
      and(
        eq(deployments.id, id),
        eq(deployments.phase, 'Pending'),
        inArray(deployments.statusMessage, NOT_YET_APPLIED),
      ),
    );
}

/** After a delete: when the object was already gone, the deployment is gone too (else the status syncer sees it go). */
export async function afterDeleted(db: Db, obj: KubeObjectRef, existed: boolean): Promise<void> {
  if (obj.kind !== USER_DEPLOYMENT_KIND || existed || !obj.metadata.namespace) return;
  await markGone(db, obj.metadata.namespace, obj.metadata.name);
}

/** A deployment being deleted whose object has left the cluster: its row is done. */
export async function markGone(db: Db, namespace: string, name: string): Promise<void> {
  await db
    .update(deployments)
    .set({ deletedAt: sql`now()`, statusMessage: 'deleted' })
    .where(
      and(
        eq(deployments.namespace, namespace),
        eq(deployments.name, name),
        eq(deployments.phase, 'Deleting'),
        isNull(deployments.deletedAt),
      ),
    );
}
