import {
  ConflictError,
  deploymentSecretsPolicy,
  NotFoundError,
  orgSecretsPolicy,
  type Permission,
} from '@k8s-scheduler/domain';
import type { RequestContext } from '../../context/context';
import type { Db } from '../../db/database';
import { findDeployment } from '../deployments/deployments.repo';
import { findOrgInClient } from '../orgs/orgs.repo';

/** Where a secrets request acts: the org (organization tier) or a deployment (deployment and service tiers). */
export type SecretsWhere = { orgId: string } | { deploymentId: string; service?: string };

export interface SecretsTarget {
  orgId: string;
  /** Null for the organization tier. */
  deploymentId: string | null;
  /** Set for the service tier. */
  service: string | null;
  /** The caller's secrets abilities on this tier, from the secret policy. */
  abilities: string[];
}

/**
 * Loads and guards the target of a secrets request through the secret policy: the org of this
 * client (404 for those with no part in it), or the deployment of this client (visible to its
 * team's members and its org's owners/admins only, others 404), then `permission` (403). A service
 * tier's service must be one of the deployment's (else 404). A write on a deployment that is being
 * deleted is a conflict (409): its secrets go with it.
 */
export async function loadSecretsTarget(
  db: Db,
  ctx: RequestContext,
  where: SecretsWhere,
  permission: Permission,
): Promise<SecretsTarget> {
  if ('orgId' in where) {
    const org = await findOrgInClient(db, ctx.clientId, where.orgId);
    const { resource, abilities } = await ctx.enforce(orgSecretsPolicy, org, permission);
    return { orgId: resource.id, deploymentId: null, service: null, abilities };
  }
  const dep = await findDeployment(db, ctx.clientId, where.deploymentId);
  const { resource, abilities } = await ctx.enforce(deploymentSecretsPolicy, dep, permission);
  if (permission === 'secrets:write' && resource.phase === 'Deleting') {
    throw new ConflictError(`Deployment ${resource.name} is being deleted; its secrets can no longer change`);
  }
  const service = where.service ?? null;
  if (service !== null && !resource.spec.services.some((s) => s.name === service)) {
    throw new NotFoundError('service', `The deployment has no service named ${service}.`);
  }
  return { orgId: resource.orgId, deploymentId: resource.id, service, abilities };
}
