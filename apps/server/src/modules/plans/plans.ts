import { and, eq, isNull } from 'drizzle-orm';
import { mergePlans, type Plan, type PlanOverrides, type Plans, type Tier } from '@k8s-scheduler/domain';
import type { Db, Tx } from '../../db/database';
import type { OrgRow } from '../orgs/orgs.repo';
import { plans } from './plans.schema';

/** One tier's overrides of the default limits, as the plans table keeps them. */
export type PlanLimits = Partial<Omit<Plan, 'tier'>>;

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
  for (const row of rows) overrides[row.tier] = row.limits;
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

/**
 * Sets a client's overrides of one tier's limits; returns what is stored. `replace`: `given` is the
 * whole set (omitted fields fall back to the defaults). `merge`: `given` changes those fields, the
 * other overrides stay (read under a row lock, inside the caller's transaction).
 */
export async function setClientPlanLimits(
  tx: Tx,
  clientId: string,
  tier: Tier,
  given: PlanLimits,
  mode: 'replace' | 'merge',
): Promise<PlanLimits> {
  const where = and(eq(plans.clientId, clientId), eq(plans.tier, tier));
  const [current] =
    mode === 'merge' ? await tx.select({ limits: plans.limits }).from(plans).where(where).for('update') : [];
  const limits = { ...(current?.limits ?? {}), ...given };
  await tx.insert(plans).values({ clientId, tier, name: tier, limits }).onConflictDoNothing();
  await tx.update(plans).set({ limits, updatedAt: new Date() }).where(where);
  return limits;
}
