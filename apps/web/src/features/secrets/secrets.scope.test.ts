import { describe, expect, it } from 'vitest';
import { secretsKeys, secretsPath, writePermission } from './secrets.scope';

describe('secretsPath', () => {
  it('addresses each tier', () => {
    expect(secretsPath({ tier: 'organization', orgId: 'o1' })).toBe('/api/orgs/o1/secrets');
    expect(secretsPath({ tier: 'deployment', deploymentId: 'd1' }, 'API_KEY')).toBe(
      '/api/deployments/d1/secrets/API_KEY',
    );
    expect(secretsPath({ tier: 'service', deploymentId: 'd1', service: 'web' }, 'X')).toBe(
      '/api/deployments/d1/services/web/secrets/X',
    );
  });

  it('encodes path segments', () => {
    expect(secretsPath({ tier: 'service', deploymentId: 'd/1', service: 'a b' })).toBe(
      '/api/deployments/d%2F1/services/a%20b/secrets',
    );
  });
});

describe('secrets keys and permissions', () => {
  it('keeps lists and environments under one prefix', () => {
    const scope = { tier: 'organization', orgId: 'o' } as const;
    expect(secretsKeys.list(scope)[0]).toBe(secretsKeys.all[0]);
    expect(secretsKeys.environment('d', 'web').slice(0, 2)).toEqual([...secretsKeys.environments()]);
  });

  it('needs the org-level permission for org secrets only', () => {
    expect(writePermission('organization')).toBe('org:secrets:write');
    expect(writePermission('service')).toBe('secrets:write');
  });
});
