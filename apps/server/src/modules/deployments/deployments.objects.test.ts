import { describe, expect, it } from 'vitest';
import { DEFAULT_PLANS } from '@k8s-scheduler/domain';
import type { UserDeploymentSpec } from '@k8s-scheduler/crds';
import {
  applyOverrides,
  GENERATION_ANNOTATION,
  orgNamespace,
  tenantObject,
  userDeploymentObject,
} from './deployments.objects';

const org = (
  tier: 'free' | 'business' | 'enterprise',
  quota: { cpu: string; memory: string } | null = null,
) => ({
  org: { id: '0f8e2c1a-aaaa-bbbb-cccc-123456789abc', slug: 'Acme Inc', tier, quota },
  plans: DEFAULT_PLANS,
  sharedNamespace: 'ks-shared',
});

describe('tenant objects', () => {
  it('put free orgs in the shared namespace and others in their own, keyed by org id', () => {
    expect(orgNamespace(org('free'))).toBe('ks-shared');
    expect(orgNamespace(org('business'))).toBe('ks-org-acme-inc-0f8e2c1a');
    const t = tenantObject(org('business'));
    expect(t.metadata.name).toBe('org-0f8e2c1a-aaaa-bbbb-cccc-123456789abc');
    expect(t.spec).toMatchObject({
      tier: 'business',
      isolation: 'namespace',
      quota: { cpu: '8', memory: '16Gi' },
    });
  });

  it('use the per-org quota of enterprise orgs', () => {
    expect(tenantObject(org('enterprise', { cpu: '64', memory: '256Gi' })).spec).toMatchObject({
      isolation: 'dedicated',
      quota: { cpu: '64', memory: '256Gi' },
    });
  });
});

describe('user deployment objects', () => {
  const spec = {
    orgId: 'o',
    teamId: 't',
    deploymentId: 'd',
    services: [
      { name: 'web', image: 'nginx:1', replicas: 1 },
      { name: 'db', image: 'postgres:16', replicas: 1 },
    ],
  } as unknown as UserDeploymentSpec;

  it('carry labels and the database generation', () => {
    const ud = userDeploymentObject({ name: 'site', namespace: 'ns', generation: 4, spec });
    expect(ud.metadata.annotations).toEqual({ [GENERATION_ANNOTATION]: '4' });
    expect(ud.metadata.labels).toMatchObject({
      'k8s-scheduler.io/deployment': 'd',
      'k8s-scheduler.io/team': 't',
    });
  });

  it('lay day-2 overrides over the rendered services', () => {
    const out = applyOverrides(spec, { images: { web: 'nginx:2' }, replicas: { db: 0 } });
    expect(out.services.map((s) => [s.name, s.image, s.replicas])).toEqual([
      ['web', 'nginx:2', 1],
      ['db', 'postgres:16', 0],
    ]);
  });
});
