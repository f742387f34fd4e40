import { eq, isNull } from 'drizzle-orm';
import { mergePlans, type PlanOverrides, type Plans, type Tier } from '@k8s-scheduler/domain';
import type { Db } from '../../db/database';
import { plans } from '../../db/schema';

/** The tier plans that apply to a client's orgs: the defaults with the plans table's rows applied (limits are data). */
export async function plansFor(db: Db, clientId: string | null): Promise<Plans> {
  const rows = await db
    .select({ tier: plans.tier, limits: plans.limits })
    .from(plans)
    .where(clientId === null ? isNull(plans.clientId) : eq(plans.clientId, clientId));
  const overrides: PlanOverrides = {};
  for (const row of rows) overrides[row.tier as Tier] = row.limits as PlanOverrides[Tier];
  return mergePlans(overrides);
}

/** An org's own quota (enterprise: "set per org"), when its overrides carry one. */
export function orgQuotaOf(limitOverrides: Record<string, unknown>): { cpu: string; memory: string } | null {
  const q = limitOverrides.quota as { cpu?: unknown; memory?: unknown } | undefined;
  return q && typeof q.cpu === 'string' && typeof q.memory === 'string'
    ? { cpu: q.cpu, memory: q.memory }
    : null;
}
