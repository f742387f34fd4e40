import { describe, expect, it } from 'vitest';
import type { DeploymentSummary } from '@k8s-scheduler/contracts';
import { deploymentsKeys } from './deployments.keys';
import { isSettling, refreshInterval, replicaTotals, upsertDeployment } from './deployments.status';

const d = (id: string, phase: DeploymentSummary['phase'] = 'Ready'): DeploymentSummary => ({
  id,
  name: `app-${id}`,
  orgId: 'o',
  teamId: 't',
  namespace: 'ns',
  templateId: null,
  templateName: 'web',
  templateVersion: 1,
  phase,
  message: null,
  urls: [],
  generation: 1,
  observedGeneration: 1,
  createdAt: '',
  updatedAt: '',
  abilities: [],
});

describe('refreshInterval', () => {
  it('watches closely while something is settling and relaxes once everything is Ready or Error', () => {
    expect(isSettling('Provisioning')).toBe(true);
    expect(isSettling('Error')).toBe(false);
    expect(refreshInterval(['Ready', 'Pending'])).toBeLessThan(refreshInterval(['Ready', 'Error']));
  });
});

describe('upsertDeployment', () => {
  it('replaces the entry in place', () => {
    const list = [d('a'), d('b')];
    const next = upsertDeployment(list, d('b', 'Deleting'));
    expect(next?.map((x) => [x.id, x.phase])).toEqual([
      ['a', 'Ready'],
      ['b', 'Deleting'],
    ]);
    expect(list[1]?.phase).toBe('Ready');
  });

  it('puts a new deployment first and leaves an uncached list alone', () => {
    expect(upsertDeployment([d('a')], d('n', 'Pending'))?.map((x) => x.id)).toEqual(['n', 'a']);
    expect(upsertDeployment(undefined, d('n'))).toBeUndefined();
  });
});

describe('replicaTotals', () => {
  it('sums ready and desired replicas, counting unknown ready as zero', () => {
    expect(
      replicaTotals([
        { name: 'web', image: 'x', replicas: 2, readyReplicas: 1, ports: [] },
        { name: 'db', image: 'y', replicas: 1, readyReplicas: null, ports: [] },
      ]),
    ).toEqual({ ready: 1, desired: 3 });
  });
});

describe('deploymentsKeys', () => {
  it('nests lists and details under the feature key', () => {
    expect(deploymentsKeys.list('t1').slice(0, 2)).toEqual([...deploymentsKeys.lists()]);
    expect(deploymentsKeys.detail('x').slice(0, 1)).toEqual([...deploymentsKeys.all]);
  });
});
