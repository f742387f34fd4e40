import { describe, expect, it } from 'vitest';
import type { UserDeployment } from '@k8s-scheduler/crds';
import type { KubeObject } from '@k8s-scheduler/kube';
import { computeDeploymentStatus, errorStatus, rolledOut } from './deployment.status';

function ud(replicas = 2, status?: UserDeployment['status']): UserDeployment {
  return {
    apiVersion: 'k8s-scheduler.io/v1alpha1',
    kind: 'UserDeployment',
    metadata: { name: 'shop', namespace: 'ns', generation: 4 },
    spec: {
      orgId: 'o',
      teamId: 't',
      deploymentId: 'd',
      templateName: 'x',
      templateVersion: '1',
      tier: 'business',
      isolation: 'namespace',
      services: [
        {
          name: 'web',
          image: 'img',
          ports: [],
          env: [],
          envFrom: [],
          resources: {},
          replicas,
          configFiles: [],
          volumes: [],
        },
      ],
      secretRefs: { organization: [], deployment: [], services: [] },
    },
    ...(status ? { status } : {}),
  };
}

function dep(generation: number, status: Record<string, number>): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'shop-web', generation }, status };
}

const rolledStatus = {
  observedGeneration: 3,
  replicas: 2,
  updatedReplicas: 2,
  readyReplicas: 2,
  availableReplicas: 2,
};
const rolled = dep(3, rolledStatus);
/** Generation 3 observed, both replicas updated, one of them ready. */
const halfReady = dep(3, { ...rolledStatus, readyReplicas: 1, availableReplicas: 1 });
const secrets = { synced: true, reason: 'NoSecrets', message: 'no secrets needed' };
const now = new Date('2026-01-01T00:00:00Z');

describe('rolledOut', () => {
  it('needs the current generation observed and every replica updated, ready and available', () => {
    expect(rolledOut(rolled, 2)).toBe(true);
    expect(rolledOut(undefined, 0)).toBe(false);
    expect(rolledOut(dep(4, rolledStatus), 2)).toBe(false);
    expect(
      rolledOut(dep(3, { ...rolledStatus, replicas: 3, readyReplicas: 3, availableReplicas: 3 }), 2),
    ).toBe(false);
    expect(rolledOut(halfReady, 2)).toBe(false);
    expect(rolledOut(dep(1, { observedGeneration: 1 }), 0)).toBe(true);
  });
});

describe('computeDeploymentStatus', () => {
  it('is Ready with every condition True once rolled out, with URLs and per-service replicas', () => {
    const status = computeDeploymentStatus({
      deployment: ud(),
      workloads: new Map([['web', rolled]]),
      secrets,
      ingress: null,
      urls: ['https://shop.example.com'],
      requireIngressAddress: false,
      now,
    });
    expect(status.phase).toBe('Ready');
    expect(status.observedGeneration).toBe(4);
    expect(status.services).toEqual([{ name: 'web', replicas: 2, readyReplicas: 2 }]);
    expect(status.urls).toEqual(['https://shop.example.com']);
    expect(
      Object.fromEntries((status.conditions ?? []).map((c) => [c.type, `${c.status}/${c.reason}`])),
    ).toEqual({
      Progressing: 'False/RolloutComplete',
      SecretsSynced: 'True/NoSecrets',
      IngressReady: 'True/NoIngress',
      Ready: 'True/Ready',
    });
  });

  it('is Provisioning while replicas or secrets are missing, and says which', () => {
    const status = computeDeploymentStatus({
      deployment: ud(),
      workloads: new Map([['web', halfReady]]),
      secrets: { synced: false, reason: 'Syncing', message: 'waiting for External Secrets to sync' },
      ingress: null,
      urls: [],
      requireIngressAddress: false,
      now,
    });
    expect(status.phase).toBe('Provisioning');
    expect(status.message).toContain('replicas are not ready yet');
    expect(status.message).toContain('waiting for External Secrets');
    expect(status.conditions?.find((c) => c.type === 'Progressing')?.message).toBe(
      'waiting for web (1/2 ready)',
    );
  });

  it('reports an Ingress without address as not ready, and waits for it only when asked to', () => {
    const ingress: KubeObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'shop' },
      status: {},
    };
    const input = {
      deployment: ud(),
      workloads: new Map([['web', rolled]]),
      secrets,
      ingress,
      urls: [],
      now,
    };
    const relaxed = computeDeploymentStatus({ ...input, requireIngressAddress: false });
    expect(relaxed.phase).toBe('Ready');
    expect(relaxed.conditions?.find((c) => c.type === 'IngressReady')).toMatchObject({
      status: 'False',
      reason: 'AwaitingAddress',
    });
    expect(computeDeploymentStatus({ ...input, requireIngressAddress: true }).phase).toBe('Provisioning');
    const withAddress = { ...ingress, status: { loadBalancer: { ingress: [{ ip: '10.0.0.1' }] } } };
    expect(
      computeDeploymentStatus({ ...input, ingress: withAddress, requireIngressAddress: true }).phase,
    ).toBe('Ready');
  });

  it('recomputing an unchanged status gives an equal object (no write), keeping transition times', () => {
    const input = {
      workloads: new Map([['web', rolled]]),
      secrets,
      ingress: null,
      urls: [],
      requireIngressAddress: false,
    };
    const first = computeDeploymentStatus({ ...input, deployment: ud(), now });
    const second = computeDeploymentStatus({
      ...input,
      deployment: ud(2, first),
      now: new Date('2026-02-01T00:00:00Z'),
    });
    expect(second).toEqual(first);
  });

  it('errorStatus sets phase Error and Ready=False with the reason', () => {
    const status = errorStatus(ud(), 'InvalidSpec', 'services: required', now);
    expect(status.phase).toBe('Error');
    expect(status.conditions?.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'InvalidSpec',
      message: 'services: required',
    });
  });
});
