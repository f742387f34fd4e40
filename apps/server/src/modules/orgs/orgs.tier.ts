import { eq } from 'drizzle-orm';

import { orgIdParamsSchema, orgSchema, problemSchema, setOrgTierBodySchema } from '@k8s-scheduler/contracts';
import { authorize } from '@k8s-scheduler/domain';
import { organizations } from '../../db/schema';
import { recordAudit } from '../audit/audit';
import { orgPlans, orgQuotaOf } from '../plans/plans';
import { tenantObject } from '../deployments/deployments.objects';
import { enqueue } from '../../outbox/outbox.repo';
import type { FeatureModule } from '../registry';
import { loadOrgForCaller } from './orgs.scope';
import { presentOrg } from './orgs.service';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };

/**
 * Tier changes by hand (PRODUCT.md §9: without Stripe, platform or client admins set tiers). The new
 * Tenant goes to the outbox in the same transaction, so the operator applies the new quota and
 * isolation. A downgrade deletes nothing: running deployments keep running; creation is blocked
 * until use is back under the limit (the deployments service checks on create).
 */
export const orgTierModule: FeatureModule = async (app, { db, config }) => {
  app.put(
    '/api/orgs/:orgId/tier',
    {
      schema: {
        tags: ['orgs'],
        summary: "Set an organization's tier (platform or client admins)",
        params: orgIdParamsSchema,
        body: setOrgTierBodySchema,
        response: { 200: orgSchema, ...errors },
      },
    },
    async (request) => {
      const { org, subject, scope } = await loadOrgForCaller(db, request, request.params.orgId);
      authorize(subject, 'org:tier:set', scope);
      const { tier, quota } = request.body;
      const updated = await db.transaction(async (tx) => {
        const overrides = { ...org.limitOverrides };
        if (quota === null) delete overrides.quota;
        else if (quota) overrides.quota = quota;
        const [row] = await tx
          .update(organizations)
          .set({ tier, limitOverrides: overrides, updatedAt: new Date() })
          .where(eq(organizations.id, org.id))
          .returning();
        if (!row) throw new Error('organization vanished during the tier change');
        const plans = await orgPlans(tx, row);
        await enqueue(
          tx,
          'apply',
          tenantObject({
            org: { id: row.id, slug: row.slug, tier: row.tier, quota: orgQuotaOf(row.limitOverrides) },
            plans,
            sharedNamespace: config.kubernetes.sharedNamespace,
          }),
        );
        await recordAudit(tx, request, {
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
  );
};
