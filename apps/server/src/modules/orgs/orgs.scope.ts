import { orgPolicy, type Permission, type Subject } from '@k8s-scheduler/domain';
import type { RequestContext } from '../../context/context';
import type { Db } from '../../db/database';
import { findOrg, type OrgRow } from './orgs.repo';

export type { OrgRow } from './orgs.repo';

export interface LoadedOrg {
  org: OrgRow;
  subject: Subject;
  /** The caller's abilities on the org (for the DTO). */
  abilities: Permission[];
}

/**
 * Loads an org of the request's client and guards it with the org policy: 404 when it is missing,
 * of another client or invisible to the caller, 403 without `permission`. Other modules (audit,
 * secrets, deployments) load the org of an org-tier request through this.
 */
export async function loadOrg(
  db: Db,
  ctx: RequestContext,
  orgId: string,
  permission?: Permission,
): Promise<LoadedOrg> {
  const { resource, subject, abilities } = await ctx.enforce(
    orgPolicy,
    await findOrg(db, ctx.clientId, orgId),
    permission,
  );
  return { org: resource, subject, abilities };
}
