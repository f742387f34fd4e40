import type { Isolation, ServiceSpec, Tier } from '@k8s-scheduler/crds';
import { LimitExceededError } from './errors';
import { formatCpu, formatMemory, parseCpuMillis, parseMemoryBytes } from './quantity';

export type { Isolation, Tier } from '@k8s-scheduler/crds';

/** Tiers from lowest to highest. */
export const TIERS = ['free', 'business', 'enterprise'] as const satisfies readonly Tier[];

/** Template visibilities a tier can open to custom (non-system) templates. */
export const CUSTOM_TEMPLATE_SCOPES = ['private', 'team', 'org'] as const;
export type CustomTemplateScope = (typeof CUSTOM_TEMPLATE_SCOPES)[number];

/** How a tier's orgs are separated on the cluster. */
export const ISOLATIONS = ['shared', 'namespace', 'dedicated'] as const satisfies readonly Isolation[];

/** The support a tier comes with. */
export const SUPPORT_LEVELS = ['community', 'email', 'dedicated'] as const;
export type SupportLevel = (typeof SUPPORT_LEVELS)[number];

/** What a subscription tier allows. `null` limits mean unlimited. */
export interface Plan {
  tier: Tier;
  maxDeployments: number | null;
  /** Distinct users across the org's teams. */
  maxMembers: number | null;
  customTemplateScopes: readonly CustomTemplateScope[];
  isolation: Isolation;
  /** Cluster quota of the org; null means it is set per org. */
  quota: { cpu: string; memory: string } | null;
  support: SupportLevel;
}

export type Plans = Readonly<Record<Tier, Plan>>;

/** PRODUCT.md §3. */
export const DEFAULT_PLANS: Plans = {
  free: {
    tier: 'free',
    maxDeployments: 1,
    maxMembers: 1,
    customTemplateScopes: [],
    isolation: 'shared',
    quota: { cpu: '1', memory: '1Gi' },
    support: 'community',
  },
  business: {
    tier: 'business',
    maxDeployments: 5,
    maxMembers: 10,
    customTemplateScopes: ['private', 'team'],
    isolation: 'namespace',
    quota: { cpu: '8', memory: '16Gi' },
    support: 'email',
  },
  enterprise: {
    tier: 'enterprise',
    maxDeployments: null,
    maxMembers: null,
    customTemplateScopes: ['private', 'team', 'org'],
    isolation: 'dedicated',
    quota: null,
    support: 'dedicated',
  },
};

export type PlanOverrides = Partial<Record<Tier, Partial<Omit<Plan, 'tier'>>>>;

/** A client's plans: the defaults with its overrides applied field by field. */
export function mergePlans(overrides?: PlanOverrides | null, base: Plans = DEFAULT_PLANS): Plans {
  const merged = {} as Record<Tier, Plan>;
  for (const tier of TIERS) {
    merged[tier] = { ...base[tier], ...(overrides?.[tier] ?? {}), tier };
  }
  return merged;
}

/** The lowest tier above `from` whose plan passes `ok`; null when none does. */
export function tierThatLifts(plans: Plans, from: Tier, ok: (plan: Plan) => boolean): Tier | null {
  return TIERS.slice(TIERS.indexOf(from) + 1).find((tier) => ok(plans[tier])) ?? null;
}

function fitsCount(max: number | null, wanted: number): boolean {
  return max === null || wanted <= max;
}

/** Throws `LimitExceededError` when the org already has as many deployments as its plan allows. */
export function checkDeploymentLimit(tier: Tier, current: number, plans: Plans = DEFAULT_PLANS): void {
  const max = plans[tier].maxDeployments;
  if (fitsCount(max, current + 1)) return;
  throw new LimitExceededError({
    limit: 'deployments',
    current,
    max: max ?? 'unlimited',
    liftedBy: tierThatLifts(plans, tier, (p) => fitsCount(p.maxDeployments, current + 1)),
  });
}

/** Throws `LimitExceededError` when adding `adding` distinct members would pass the plan's limit. */
export function checkMemberLimit(
  tier: Tier,
  current: number,
  plans: Plans = DEFAULT_PLANS,
  adding = 1,
): void {
  const max = plans[tier].maxMembers;
  if (fitsCount(max, current + adding)) return;
  throw new LimitExceededError({
    limit: 'members',
    current,
    max: max ?? 'unlimited',
    liftedBy: tierThatLifts(plans, tier, (p) => fitsCount(p.maxMembers, current + adding)),
  });
}

/** Throws `LimitExceededError` when the tier does not allow custom templates of `visibility`. */
export function checkTemplateVisibility(
  tier: Tier,
  visibility: CustomTemplateScope,
  plans: Plans = DEFAULT_PLANS,
): void {
  const allowed = plans[tier].customTemplateScopes;
  if (allowed.includes(visibility)) return;
  throw new LimitExceededError(
    {
      limit: 'custom_templates',
      current: visibility,
      max: allowed.length ? allowed.join(', ') : 'system templates only',
      liftedBy: tierThatLifts(plans, tier, (p) => p.customTemplateScopes.includes(visibility)),
    },
    `The ${tier} tier does not allow ${visibility} templates` +
      (allowed.length ? ` (allowed: ${allowed.join(', ')})` : ' (system templates only)'),
  );
}

export interface CpuMemoryUse {
  /** Millicores */
  cpu: number;
  /** Bytes */
  memory: number;
}

/** The quota that applies to an org: its own (enterprise, set per org) or its plan's. */
export function effectiveQuota(
  plan: Plan,
  orgQuota?: { cpu: string; memory: string } | null,
): { cpu: string; memory: string } | null {
  return orgQuota ?? plan.quota;
}

/**
 * Throws `LimitExceededError` when `used + requested` CPU or memory (requests) passes the org's
 * quota. No quota (enterprise without a per-org quota) means no limit.
 */
export function checkQuota(input: {
  tier: Tier;
  used: CpuMemoryUse;
  requested: CpuMemoryUse;
  orgQuota?: { cpu: string; memory: string } | null;
  plans?: Plans;
}): void {
  const plans = input.plans ?? DEFAULT_PLANS;
  const quota = effectiveQuota(plans[input.tier], input.orgQuota);
  if (!quota) return;
  const wanted = {
    cpu: input.used.cpu + input.requested.cpu,
    memory: input.used.memory + input.requested.memory,
  };
  const fits = (q: { cpu: string; memory: string } | null, key: 'cpu' | 'memory') =>
    q === null || wanted[key] <= (key === 'cpu' ? parseCpuMillis(q.cpu) : parseMemoryBytes(q.memory));
  for (const key of ['cpu', 'memory'] as const) {
    if (fits(quota, key)) continue;
    const format = key === 'cpu' ? formatCpu : formatMemory;
    throw new LimitExceededError(
      {
        limit: key,
        current: format(wanted[key]),
        max: key === 'cpu' ? quota.cpu : quota.memory,
        liftedBy: tierThatLifts(plans, input.tier, (p) => fits(p.quota, key)),
      },
      `This needs ${format(wanted[key])} ${key === 'cpu' ? 'CPU' : 'memory'} in total, over your quota of ` +
        `${key === 'cpu' ? quota.cpu : quota.memory}`,
    );
  }
}

/**
 * The CPU and memory a set of services requests, replicas included. A missing request counts as
 * its limit, as Kubernetes defaults it.
 */
export function resourceRequests(
  services: readonly Pick<ServiceSpec, 'resources' | 'replicas'>[],
): CpuMemoryUse {
  let cpu = 0;
  let memory = 0;
  for (const s of services) {
    const cpuText = s.resources.requests?.cpu ?? s.resources.limits?.cpu;
    const memoryText = s.resources.requests?.memory ?? s.resources.limits?.memory;
    if (cpuText) cpu += parseCpuMillis(cpuText) * s.replicas;
    if (memoryText) memory += parseMemoryBytes(memoryText) * s.replicas;
  }
  return { cpu, memory };
}
