import { describe, expect, it } from 'vitest';
import { FINALIZER } from '@k8s-scheduler/crds';
import { APPLIED_HASH_ANNOTATION } from '@k8s-scheduler/domain';
import type { KubeObject } from '@k8s-scheduler/kube';
import { childView, ownerChanged, slim, slimChild } from './filters';

const ud = (
  meta: Partial<KubeObject['metadata']> = {},
  status: unknown = { phase: 'Provisioning' },
): KubeObject => ({
  apiVersion: 'k8s-scheduler.io/v1alpha1',
  kind: 'UserDeployment',
  metadata: { name: 'web', namespace: 'ns', resourceVersion: '1', generation: 1, finalizers: [], ...meta },
  spec: { services: [] },
  status,
});

describe('ownerChanged', () => {
  it('ignores our own status writes and our own finalizer being added', () => {
    expect(ownerChanged(ud(), ud({ resourceVersion: '2' }, { phase: 'Ready' }))).toBe(false);
    expect(ownerChanged(ud(), ud({ resourceVersion: '2', finalizers: [FINALIZER] }))).toBe(false);
  });

  it('sees a spec change, a deletion, labels, annotations, and finalizers of others or ours removed', () => {
    expect(ownerChanged(ud(), ud({ generation: 2 }))).toBe(true);
    expect(ownerChanged(ud(), ud({ deletionTimestamp: '2026-01-01T00:00:00Z' }))).toBe(true);
    expect(ownerChanged(ud(), ud({ labels: { a: 'b' } }))).toBe(true);
    expect(ownerChanged(ud(), ud({ annotations: { a: 'b' } }))).toBe(true);
    expect(ownerChanged(ud(), ud({ finalizers: ['other.io/cleanup'] }))).toBe(true);
    expect(ownerChanged(ud({ finalizers: [FINALIZER] }), ud({ finalizers: [] }))).toBe(true);
  });
});

describe('slimChild and childView', () => {
  const deployment = (rv: string, hash: string, status: unknown): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'ns',
      resourceVersion: rv,
      generation: 3,
      annotations: {
        [APPLIED_HASH_ANNOTATION]: hash,
        'kubectl.kubernetes.io/last-applied-configuration': '{…}',
      },
      managedFields: [{ manager: 'x' }],
      ownerReferences: [{ kind: 'UserDeployment', name: 'web', uid: 'u1' }],
    },
    spec: { template: { spec: { containers: [{ name: 'web', env: [{ name: 'SECRET', value: 'v' }] }] } } },
    status,
  });

  it('keeps only metadata, the applied hash and the status of workloads (no spec, no managedFields)', () => {
    const slimmed = slimChild(deployment('5', 'h1', { readyReplicas: 1 }));
    expect(slimmed).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'web',
        namespace: 'ns',
        resourceVersion: '5',
        generation: 3,
        annotations: { [APPLIED_HASH_ANNOTATION]: 'h1' },
        ownerReferences: [{ kind: 'UserDeployment', name: 'web', uid: 'u1' }],
      },
      status: { readyReplicas: 1 },
    });
    expect(slimChild(slimmed)).toEqual(slimmed);
    const secret = slimChild({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { KEY: 'dmFsdWU=' },
    });
    expect(secret).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } });
  });

  it('changes with the status of a workload, not with its resourceVersion or hash alone', () => {
    const a = slimChild(deployment('5', 'h1', { readyReplicas: 0 }));
    expect(childView(a)).toBe(childView(slimChild(deployment('6', 'h2', { readyReplicas: 0 }))));
    expect(childView(a)).not.toBe(childView(slimChild(deployment('6', 'h1', { readyReplicas: 1 }))));
  });
});

describe('slim', () => {
  it('drops managedFields and the last-applied annotation of a custom resource', () => {
    const out = slim(
      ud({
        managedFields: [{}],
        annotations: { keep: 'y', 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
      }),
    );
    expect(out.metadata.managedFields).toBeUndefined();
    expect(out.metadata.annotations).toEqual({ keep: 'y' });
    expect(out.spec).toEqual({ services: [] });
  });
});
