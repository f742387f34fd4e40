import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { DeploymentDetail } from '@k8s-scheduler/contracts';
import { deploymentsKeys } from './deployments.keys';
import { applyDeploymentEvent, createLiveStatusStore, removeDeployment } from './deployments.live';

const TEAM = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;

const dep = (n: number, phase: DeploymentDetail['phase'] = 'Pending', teamId = TEAM): DeploymentDetail => ({
  id: id(n),
  name: `app-${n}`,
  orgId: '33333333-3333-4333-8333-333333333333',
  teamId,
  namespace: 'ks-org-x',
  templateId: null,
  templateName: 'static-site',
  templateVersion: 1,
  phase,
  message: null,
  urls: [],
  generation: 1,
  observedGeneration: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  abilities: ['deploy:read'],
  inputs: {},
  secretKeys: [],
  services: [{ name: 'web', image: 'nginx', replicas: 1, readyReplicas: null, ports: [8080] }],
  conditions: [],
  restartedAt: null,
});

const listOf = (qc: QueryClient) => qc.getQueryData<DeploymentDetail[]>(deploymentsKeys.list(TEAM));

describe('applyDeploymentEvent', () => {
  it('a snapshot replaces the team list and refreshes cached details only', () => {
    const qc = new QueryClient();
    qc.setQueryData(deploymentsKeys.list(TEAM), [dep(1), dep(9)]);
    qc.setQueryData(deploymentsKeys.detail(id(1)), dep(1));
    applyDeploymentEvent(qc, TEAM, 'snapshot', { teamId: TEAM, items: [dep(1, 'Ready'), dep(2)] });
    expect(listOf(qc)?.map((d) => [d.id, d.phase])).toEqual([
      [id(1), 'Ready'],
      [id(2), 'Pending'],
    ]);
    expect(qc.getQueryData<DeploymentDetail>(deploymentsKeys.detail(id(1)))?.phase).toBe('Ready');
    expect(qc.getQueryData(deploymentsKeys.detail(id(2)))).toBeUndefined();
  });

  it('a deployment event updates its list entry in place and its detail', () => {
    const qc = new QueryClient();
    qc.setQueryData(deploymentsKeys.list(TEAM), [dep(1), dep(2)]);
    applyDeploymentEvent(qc, TEAM, 'deployment', { ...dep(2, 'Ready'), urls: ['https://x.test'] });
    expect(listOf(qc)?.map((d) => d.phase)).toEqual(['Pending', 'Ready']);
    expect(qc.getQueryData<DeploymentDetail>(deploymentsKeys.detail(id(2)))?.urls).toEqual([
      'https://x.test',
    ]);
  });

  it('deleted drops the deployment from the list', () => {
    const qc = new QueryClient();
    qc.setQueryData(deploymentsKeys.list(TEAM), [dep(1), dep(2)]);
    applyDeploymentEvent(qc, TEAM, 'deleted', { id: id(1), teamId: TEAM });
    expect(listOf(qc)?.map((d) => d.id)).toEqual([id(2)]);
    expect(removeDeployment(undefined, id(1))).toBeUndefined();
  });

  it('ignores events of another team and malformed data', () => {
    const qc = new QueryClient();
    qc.setQueryData(deploymentsKeys.list(TEAM), [dep(1)]);
    applyDeploymentEvent(qc, TEAM, 'deployment', dep(1, 'Error', OTHER));
    applyDeploymentEvent(qc, TEAM, 'snapshot', { teamId: OTHER, items: [] });
    applyDeploymentEvent(qc, TEAM, 'deployment', { id: id(1), phase: 'Ready' });
    expect(listOf(qc)?.map((d) => d.phase)).toEqual(['Pending']);
  });
});

describe('createLiveStatusStore', () => {
  it('keeps one status per team and tells subscribers about changes only', () => {
    const store = createLiveStatusStore();
    let calls = 0;
    const off = store.subscribe(() => calls++);
    store.set(TEAM, 'connecting');
    store.set(TEAM, 'connecting');
    store.set(TEAM, 'live');
    expect(store.get(TEAM)).toBe('live');
    expect(store.get(OTHER)).toBeUndefined();
    store.set(TEAM, undefined);
    expect(store.get(TEAM)).toBeUndefined();
    expect(calls).toBe(3);
    off();
  });
});
