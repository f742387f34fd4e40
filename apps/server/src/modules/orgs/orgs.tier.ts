import type { Org } from '@k8s-scheduler/contracts';
import type { Tier } from '@k8s-scheduler/domain';
import type { RequestContext } from '../../context/context';
import type { Db } from '../../db/database';
import { enqueue } from '../../outbox/outbox.repo';
import { tenantObject } from '../deployments/deployments.objects';
import { orgPlans, orgQuotaOf } from '../plans/plans';
import { updateOrgRow } from './orgs.repo';
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
    async setTier(
      ctx: RequestContext,
      input: { orgId: string; tier: Tier; quota?: { cpu: string; memory: string } | null | undefined },
    ): Promise<Org> {
      const { org, subject } = await loadOrg(db, ctx, input.orgId, 'org:tier:set');
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
          metadata: { from: org.tier, to: tier, quota: quota ?? undefined },
        });
        return row;
      });
      return presentOrg(updated, subject);
    },
  };
}
