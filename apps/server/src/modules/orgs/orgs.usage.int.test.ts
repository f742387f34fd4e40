import { randomUUID } from 'node:crypto';
import type { UserDeploymentSpec } from '@k8s-scheduler/crds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployments } from '../../db/schema';
import { buildOrg } from '../../../test/authz/factories';
import { startTestPlatform, type TestPlatform } from '../../../test/harness';

describe('usage of an org’s tier limits', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform({ db: 'pglite' });
  });
  afterAll(async () => t?.close());

  it('counts deployments, members and CPU/memory requests against the tier, over the limit after a downgrade', async () => {
    const tenant = await buildOrg(t, { tier: 'free' });
    const service = {
      name: 'web',
      image: 'nginx',
      replicas: 2,
      resources: { requests: { cpu: '250m', memory: '256Mi' } },
    };
    await t.platform.database.db.insert(deployments).values({
      orgId: tenant.org.id,
      teamId: tenant.team.id,
      name: `app-${randomUUID().slice(0, 6)}`,
      namespace: 'ks-shared',
      templateName: 'static-site',
      templateVersion: 1,
      // Only what the usage reads (the services' requests).
      spec: { services: [service] } as unknown as UserDeploymentSpec,
    });
    const res = await t.app.inject({
      url: `/api/orgs/${tenant.org.id}/usage`,
      headers: tenant.as.viewer.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      orgId: tenant.org.id,
      tier: 'free',
      deployments: { used: 1, max: 1, unit: 'count' },
      // the factory adds six members to a free org (limit 1): what a downgrade leaves behind
      members: { used: 6, max: 1, unit: 'count' },
      cpu: { used: 500, max: 1000, unit: 'millicores' },
      memory: { used: 512 * 1024 * 1024, max: 1024 * 1024 * 1024, unit: 'bytes' },
    });
    const outsider = await t.app.inject({
      url: `/api/orgs/${tenant.org.id}/usage`,
      headers: tenant.as.outsider.headers,
    });
    expect(outsider.statusCode).toBe(404);
  });
});
