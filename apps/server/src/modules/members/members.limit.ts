import { checkMemberLimit } from '@k8s-scheduler/domain';
import type { Db, Tx } from '../../db/database';
import { findOrgMember, listOrgMembers, lockOrgRow } from '../orgs/orgs.repo';
import { orgPlans } from '../plans/plans';
import { orgTeamMemberIds } from '../teams/teams.repo';

type Q = Db | Tx;

/** Distinct users across the org: its org members and the members of its teams (PRODUCT.md §3). */
export async function countMembers(db: Q, orgId: string): Promise<number> {
  const [orgMembers, teamMembers] = await Promise.all([
    listOrgMembers(db, orgId),
    orgTeamMemberIds(db, orgId),
  ]);
  return new Set([...orgMembers.map((m) => m.userId), ...teamMembers]).size;
}

/** Whether the user already counts as a member of the org (adding them again costs nothing). */
export async function isCounted(db: Q, orgId: string, userId: string): Promise<boolean> {
  if (await findOrgMember(db, orgId, userId)) return true;
  return (await orgTeamMemberIds(db, orgId, userId)).length > 0;
}

/**
 * Throws `limit_exceeded` when adding `userId` would pass the tier's member limit. Call inside the
 * transaction that adds the member: the org row is locked so two concurrent adds cannot both pass.
 */
export async function ensureMemberCapacity(tx: Q, orgId: string, userId: string): Promise<void> {
  const org = await lockOrgRow(tx, orgId);
  if (!org) return;
  if (await isCounted(tx, orgId, userId)) return;
  const current = await countMembers(tx, orgId);
  checkMemberLimit(org.tier, current, await orgPlans(tx, org));
}
