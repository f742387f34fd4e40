import { describe, expect, it } from 'vitest';
import { remoteSecretPath } from '@k8s-scheduler/domain';
import { remotePathOf, scopeOf } from '@k8s-scheduler/secrets';
import { deploymentSpec } from './secrets.fixtures';

const ids = { orgId: 'org-1', teamId: 'team-1', deploymentId: 'dep-1' };

describe('remote paths', () => {
  it('match the operator’s ExternalSecret remote keys for every tier', () => {
    const ud = { spec: deploymentSpec(ids) } as Parameters<typeof remoteSecretPath>[1];
    for (const tier of ['organization', 'deployment', 'service'] as const) {
      const scope = scopeOf({ orgId: 'org-1', tier, deploymentId: 'dep-1', serviceName: 'web' });
      expect(remotePathOf('k8s-scheduler/', scope)).toBe(remoteSecretPath('k8s-scheduler/', ud, 'web', tier));
    }
  });

  it('a locator missing what its tier needs is a programming error', () => {
    expect(() => scopeOf({ orgId: 'o', tier: 'deployment' })).toThrow(/deploymentId/);
    expect(() => scopeOf({ orgId: 'o', tier: 'service', deploymentId: 'd' })).toThrow(/serviceName/);
    expect(scopeOf({ orgId: 'o', tier: 'organization', deploymentId: 'd', serviceName: 's' })).toEqual({
      orgId: 'o',
      tier: 'organization',
      deploymentId: null,
      serviceName: null,
    });
  });
});
