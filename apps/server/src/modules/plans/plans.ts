import { eq, isNull } from 'drizzle-orm';
import { mergePlans, type Plan, type PlanOverrides, type Plans, type Tier } from '@k8s-scheduler/domain';
import type { Db, Tx } from '../../db/database';
import { plans } from '../../db/schema';
import type { OrgRow } from '../orgs/orgs.repo';

/**
 * The tier plans that apply to a client's orgs: the defaults with the plans table's rows of that
 * client (or of the platform, for `null`) applied. Limits are data, not code.
 */
export async function plansFor(db: Db | Tx, clientId: string | null): Promise<Plans> {
  const rows = await db
    .select({ tier: plans.tier, limits: plans.limits })
    .from(plans)
    .where(clientId ? eq(plans.clientId, clientId) : isNull(plans.clientId));
  const overrides: PlanOverrides = {};
  for (const row of rows) overrides[row.tier as Tier] = row.limits as Partial<Omit<Plan, 'tier'>>;
  return mergePlans(overrides);
}

/** The org's plans with its own per-org overrides (enterprise: "set per org") applied to its tier. */
export async function orgPlans(
  db: Db | Tx,
  org: Pick<OrgRow, 'clientId' | 'tier' | 'limitOverrides'>,
): Promise<Plans> {
  const base = await plansFor(db, org.clientId);
  const own = org.limitOverrides as Partial<Omit<Plan, 'tier'>>;
  if (!own || Object.keys(own).length === 0) return base;
  return { ...base, [org.tier]: { ...base[org.tier], ...own, tier: org.tier } };
}

/** An org's own quota (enterprise: "set per org"), when its overrides carry one. */
export function orgQuotaOf(limitOverrides: Record<string, unknown>): { cpu: string; memory: string } | null {
  const q = limitOverrides.quota as { cpu?: unknown; memory?: unknown } | undefined;
  return q && typeof q.cpu === 'string' && typeof q.memory === 'string'
    ? { cpu: q.cpu, memory: q.memory }
    : null;
}
