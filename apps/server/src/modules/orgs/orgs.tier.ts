import type { Org } from '@k8s-scheduler/contracts';
import type { Subject, Tier } from '@k8s-scheduler/domain';
import type { RequestContext } from '../../context/context';
import type { Db } from '../../db/database';
import { enqueue } from '../../outbox/outbox.repo';
import { tenantObject } from '../deployments/deployments.objects';
import { orgPlans, orgQuotaOf } from '../plans/plans';
import { updateOrgRow, type OrgRow } from './orgs.repo';
import { loadOrg } from './orgs.scope';
import { presentOrg } from './orgs.present';

/**
 * Tier changes by hand (PRODUCT.md §9: without Stripe, platform or client admins set tiers). The new
 * Tenant goes to the outbox in the same transaction, so the operator applies the new quota and
 * isolation. A downgrade deletes nothing: running deployments keep running; creation is blocked
 * until use is back under the limit (the deployments service checks on create).
 */
export function createOrgTierService(deps: { db: Db; sharedNamespace: string }) {
  const { db } = deps;
  return {
    async setTier(ctx: RequestContext, input: TierInput & { orgId: string }): Promise<Org> {
      const { org, subject } = await loadOrg(db, ctx, input.orgId, 'org:tier:set');
      return applyTier(ctx, org, subject, input);
    },
    /** The tier change of an org the caller already loaded and guarded with `org:tier:set`. */
    applyTier,
  };

  async function applyTier(
    ctx: RequestContext,
    org: OrgRow,
    subject: Subject,
    input: TierInput,
  ): Promise<Org> {
    const { tier, quota } = input;
    const updated = await db.transaction(async (tx) => {
      const overrides = { ...org.limitOverrides };
      if (quota === null) delete overrides.quota;
      else if (quota) overrides.quota = quota;
      const row = await updateOrgRow(tx, org.id, { tier, limitOverrides: overrides });
      if (!row) throw new Error('organization vanished during the tier change');
      const plans = await orgPlans(tx, row);
      await enqueue(
        tx,
        'apply',
        tenantObject({
          org: { id: row.id, slug: row.slug, tier: row.tier, quota: orgQuotaOf(row.limitOverrides) },
          plans,
          sharedNamespace: deps.sharedNamespace,
        }),
      );
      await ctx.audit(tx, {
        orgId: row.id,
        action: 'org.tier.set',
        targetType: 'org',
        targetId: row.id,
        metadata: { from: org.tier, to: tier, quota: quota ?? undefined, reason: input.reason ?? null },
      });
      return row;
    });
    return presentOrg(updated, subject);
  }
}

/** A tier set by hand: the tier, an optional per-org quota (null clears it), and why. */
export interface TierInput {
  tier: Tier;
  quota?: { cpu: string; memory: string } | null | undefined;
  /** Why (the admin area always gives one); recorded in the audit entry. */
  reason?: string | undefined;
}
