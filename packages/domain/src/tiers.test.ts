import { describe, expect, it } from 'vitest';
import { isolationSchema, tierSchema } from '@k8s-scheduler/crds';
import { LimitExceededError } from './errors';
import {
  DEFAULT_PLANS,
  ISOLATIONS,
  TIERS,
  checkDeploymentLimit,
  checkMemberLimit,
  checkQuota,
  checkTemplateVisibility,
  mergePlans,
  resourceRequests,
  tierThatLifts,
} from './tiers';

function limitError(run: () => void): LimitExceededError {
  try {
    run();
  } catch (error) {
    if (error instanceof LimitExceededError) return error;
    throw error;
  }
  throw new Error('expected a LimitExceededError');
}

describe('deployment limit', () => {
  it.each([
    { tier: 'free', current: 0, ok: true },
    { tier: 'free', current: 1, ok: false, liftedBy: 'business' },
    { tier: 'business', current: 4, ok: true },
    { tier: 'business', current: 5, ok: false, liftedBy: 'enterprise' },
    { tier: 'enterprise', current: 10_000, ok: true },
  ] as const)('$tier with $current deployments → ok=$ok', ({ tier, current, ok, ...rest }) => {
    if (ok) {
      expect(() => checkDeploymentLimit(tier, current)).not.toThrow();
      return;
    }
    const error = limitError(() => checkDeploymentLimit(tier, current));
    expect(error).toMatchObject({
      code: 'limit_exceeded',
      limit: 'deployments',
      current,
      liftedBy: 'liftedBy' in rest ? rest.liftedBy : null,
    });
    expect(error.message).toMatch(/deployments limit/);
  });

  it('a downgraded org over the limit is blocked and told which tier lifts it', () => {
    const error = limitError(() => checkDeploymentLimit('free', 3));
    expect(error).toMatchObject({ current: 3, max: 1, liftedBy: 'business' });
  });
});

describe('member limit', () => {
  it.each([
    { tier: 'free', current: 0, ok: true },
    { tier: 'free', current: 1, ok: false },
    { tier: 'business', current: 9, ok: true },
    { tier: 'business', current: 10, ok: false },
    { tier: 'enterprise', current: 500, ok: true },
  ] as const)('$tier with $current members → ok=$ok', ({ tier, current, ok }) => {
    if (ok) expect(() => checkMemberLimit(tier, current)).not.toThrow();
    else expect(limitError(() => checkMemberLimit(tier, current)).limit).toBe('members');
  });
});

describe('template visibility per tier', () => {
  it.each([
    { tier: 'free', visibility: 'private', ok: false, liftedBy: 'business' },
    { tier: 'free', visibility: 'team', ok: false, liftedBy: 'business' },
    { tier: 'business', visibility: 'private', ok: true },
    { tier: 'business', visibility: 'team', ok: true },
    { tier: 'business', visibility: 'org', ok: false, liftedBy: 'enterprise' },
    { tier: 'enterprise', visibility: 'org', ok: true },
  ] as const)('$tier / $visibility → ok=$ok', ({ tier, visibility, ok, ...rest }) => {
    if (ok) expect(() => checkTemplateVisibility(tier, visibility)).not.toThrow();
    else
      expect(limitError(() => checkTemplateVisibility(tier, visibility))).toMatchObject({
        limit: 'custom_templates',
        liftedBy: 'liftedBy' in rest ? rest.liftedBy : null,
      });
  });
});

describe('quota', () => {
  const GiB = 2 ** 30;
  it('allows requests within the free quota', () => {
    expect(() =>
      checkQuota({
        tier: 'free',
        used: { cpu: 500, memory: GiB / 2 },
        requested: { cpu: 500, memory: GiB / 2 },
      }),
    ).not.toThrow();
  });

  it('names cpu, the total and the tier that lifts it', () => {
    const error = limitError(() =>
      checkQuota({ tier: 'free', used: { cpu: 750, memory: 0 }, requested: { cpu: 500, memory: 0 } }),
    );
    expect(error).toMatchObject({ limit: 'cpu', current: '1250m', max: '1', liftedBy: 'business' });
  });

  it('names memory', () => {
    const error = limitError(() =>
      checkQuota({ tier: 'business', used: { cpu: 0, memory: 16 * GiB }, requested: { cpu: 0, memory: 1 } }),
    );
    expect(error).toMatchObject({ limit: 'memory', max: '16Gi', liftedBy: 'enterprise' });
  });

  it('enterprise has no quota unless one is set for the org', () => {
    const huge = { cpu: 1_000_000, memory: 1e15 };
    expect(() => checkQuota({ tier: 'enterprise', used: huge, requested: huge })).not.toThrow();
    const error = limitError(() =>
      checkQuota({
        tier: 'enterprise',
        used: { cpu: 0, memory: 0 },
        requested: { cpu: 33_000, memory: 0 },
        orgQuota: { cpu: '32', memory: '64Gi' },
      }),
    );
    expect(error).toMatchObject({ limit: 'cpu', max: '32', liftedBy: null });
  });
});

describe('plans', () => {
  it('merges client overrides field by field', () => {
    const plans = mergePlans({
      free: { maxDeployments: 2 },
      business: { quota: { cpu: '4', memory: '8Gi' } },
    });
    expect(plans.free).toEqual({ ...DEFAULT_PLANS.free, maxDeployments: 2 });
    expect(plans.business.quota).toEqual({ cpu: '4', memory: '8Gi' });
    expect(plans.enterprise).toEqual(DEFAULT_PLANS.enterprise);
    expect(() => checkDeploymentLimit('free', 1, plans)).not.toThrow();
    expect(() => checkDeploymentLimit('free', 2, plans)).toThrow(LimitExceededError);
  });

  it('finds no lifting tier when none allows it', () => {
    const plans = mergePlans({ enterprise: { maxDeployments: 5 } });
    expect(tierThatLifts(plans, 'business', (p) => (p.maxDeployments ?? Infinity) > 5)).toBeNull();
  });

  it('sums resource requests over replicas, falling back to limits', () => {
    expect(
      resourceRequests([
        { replicas: 2, resources: { requests: { cpu: '250m', memory: '256Mi' } } },
        { replicas: 1, resources: { limits: { cpu: '1', memory: '1Gi' } } },
        { replicas: 3, resources: {} },
      ]),
    ).toEqual({ cpu: 1500, memory: 2 ** 30 + 512 * 2 ** 20 });
  });
});

describe('tier enums', () => {
  it("are the CRDs' values, in order from lowest to highest", () => {
    expect([...TIERS]).toEqual(tierSchema.options);
    expect([...ISOLATIONS]).toEqual(isolationSchema.options);
  });
});
