import { USER_DEPLOYMENT_KIND } from '@k8s-scheduler/crds';
import type { Db } from '../db/database';
import type { KubeObjectRef } from '../kube/kube.http';
import { APPLIED_MESSAGE, markApplied, markGone } from '../modules/deployments/deployments.repo';

export { APPLIED_MESSAGE, markGone };

/** After a UserDeployment was applied: a deployment still waiting says it reached the cluster. */
export async function afterApplied(db: Db, obj: KubeObjectRef): Promise<void> {
  if (obj.kind !== USER_DEPLOYMENT_KIND) return;
  const id = (obj.spec as { deploymentId?: string } | undefined)?.deploymentId;
  if (!id) return;
  await markApplied(db, id);
}

/** After a delete: when the object was already gone, the deployment is gone too (else the status syncer sees it go). */
export async function afterDeleted(db: Db, obj: KubeObjectRef, existed: boolean): Promise<void> {
  if (obj.kind !== USER_DEPLOYMENT_KIND || existed || !obj.metadata.namespace) return;
  await markGone(db, obj.metadata.namespace, obj.metadata.name);
}
