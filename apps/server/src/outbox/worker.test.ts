import { describe, expect, it } from 'vitest';
import { objectKeyOf } from './outbox.repo';
import { backoffMs } from './worker';

describe('outbox worker backoff', () => {
  it('doubles per attempt with jitter in [exp/2, exp] and stays under the cap', () => {
    expect(backoffMs(0, 500, 30_000, () => 0)).toBe(250);
    expect(backoffMs(0, 500, 30_000, () => 1)).toBe(500);
    expect(backoffMs(3, 500, 30_000, () => 1)).toBe(4000);
    expect(backoffMs(3, 500, 30_000, () => 0)).toBe(2000);
    expect(backoffMs(50, 500, 30_000, () => 1)).toBe(30_000);
  });
});

describe('object keys', () => {
  it('name namespaced and cluster-scoped objects apart', () => {
    expect(objectKeyOf({ kind: 'UserDeployment', metadata: { name: 'a', namespace: 'ns' } })).toBe(
      'UserDeployment/ns/a',
    );
    expect(objectKeyOf({ kind: 'Tenant', metadata: { name: 'org-1' } })).toBe('Tenant/org-1');
  });
});
