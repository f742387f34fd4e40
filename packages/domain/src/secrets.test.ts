import { describe, expect, it } from 'vitest';
import { secretTierSchema } from '@k8s-scheduler/crds';
import {
  SECRET_TIERS,
  SECRET_VALUE_MAX_BYTES,
  effectiveEnvironment,
  secretKeyProblem,
  secretValueProblem,
} from './secrets';

describe('effectiveEnvironment', () => {
  it('organization beats deployment beats service, and reports what is shadowed', () => {
    const env = effectiveEnvironment({
      organization: ['API_TOKEN', 'SHARED'],
      deployment: ['DB_PASSWORD', 'SHARED'],
      service: ['DB_PASSWORD', 'SHARED', 'ONLY_SERVICE'],
    });
    expect(env).toEqual([
      { key: 'API_TOKEN', tier: 'organization', shadowed: [] },
      { key: 'DB_PASSWORD', tier: 'deployment', shadowed: [{ tier: 'service' }] },
      { key: 'ONLY_SERVICE', tier: 'service', shadowed: [] },
      { key: 'SHARED', tier: 'organization', shadowed: [{ tier: 'deployment' }, { tier: 'service' }] },
    ]);
  });

  it.each([
    { org: [], dep: [], svc: [], expected: [] },
    { org: ['A'], dep: [], svc: [], expected: [['A', 'organization']] },
    { org: [], dep: ['A'], svc: ['A'], expected: [['A', 'deployment']] },
    { org: [], dep: [], svc: ['A', 'A'], expected: [['A', 'service']] },
  ])('$org / $dep / $svc', ({ org, dep, svc, expected }) => {
    const env = effectiveEnvironment({ organization: org, deployment: dep, service: svc });
    expect(env.map((e) => [e.key, e.tier])).toEqual(expected);
  });
});

describe('secret keys and values', () => {
  it.each([
    ['DB_PASSWORD', null],
    ['_x1', null],
    ['', 'must not be empty'],
    ['1ABC', 'must start with a letter or "_" and contain only letters, digits and "_"'],
    ['A-B', 'must start with a letter or "_" and contain only letters, digits and "_"'],
    ['A'.repeat(254), 'must be at most 253 characters'],
  ])('key %j → %j', (key, problem) => expect(secretKeyProblem(key)).toBe(problem));

  it('limits value size in bytes without echoing the value', () => {
    expect(secretValueProblem('x'.repeat(SECRET_VALUE_MAX_BYTES))).toBeNull();
    const problem = secretValueProblem('é'.repeat(SECRET_VALUE_MAX_BYTES / 2 + 1));
    expect(problem).toBe(`must be at most 65536 bytes (it has ${SECRET_VALUE_MAX_BYTES + 2})`);
    expect(problem).not.toContain('é');
  });
});

it("secret tiers are the CRD's, in precedence order", () => {
  expect([...SECRET_TIERS]).toEqual(secretTierSchema.options);
});
