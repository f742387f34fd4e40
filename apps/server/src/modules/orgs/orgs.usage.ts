import type { OrgUsage } from '@k8s-scheduler/contracts';
import {
  effectiveQuota,
  parseCpuMillis,
  parseMemoryBytes,
  requireApiKeyScope,
  resourceRequests,
} from '@k8s-scheduler/domain';
import type { RequestContext } from '../../context/context';
import type { Db } from '../../db/database';
import { orgUsage, specOf } from '../deployments/deployments.repo';
import { countMembers } from '../members/members.limit';
import { orgPlans, orgQuotaOf } from '../plans/plans';
import { loadOrg } from './orgs.scope';

export function createOrgUsageService(deps: { db: Db }) {
  const { db } = deps;
  return {
    /**
     * Use of the org's tier limits (deployments, members, CPU and memory requests against the quota).
     * Anyone with a role in the org (or one of its teams) sees it: the dashboard shows it to everyone,
     * so a downgrade's "creation blocked until use is back under the limit" is visible to all.
     */
    async usage(ctx: RequestContext, orgId: string): Promise<OrgUsage> {
      const { org, subject } = await loadOrg(db, ctx, orgId);
      requireApiKeyScope(subject, 'org:read', 'the usage of an organization');
      const [plans, active, members] = await Promise.all([
        orgPlans(db, org),
        orgUsage(db, org.id, { withSpecs: true }),
        countMembers(db, org.id),
      ]);
      const plan = plans[org.tier];
      const requests = resourceRequests(active.specs.flatMap((d) => specOf(d).services));
      const quota = effectiveQuota(plan, orgQuotaOf(org.limitOverrides));
      return {
        orgId: org.id,
        tier: org.tier,
        deployments: { used: active.count, max: plan.maxDeployments, unit: 'count' },
        members: { used: members, max: plan.maxMembers, unit: 'count' },
        cpu: { used: requests.cpu, max: quota ? parseCpuMillis(quota.cpu) : null, unit: 'millicores' },
        memory: { used: requests.memory, max: quota ? parseMemoryBytes(quota.memory) : null, unit: 'bytes' },
      };
    },
  };
}
