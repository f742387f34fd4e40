import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployments, secrets } from '../../db/schema';
import { startTestPlatform, type TestPlatform } from '../../../test/harness';
import { buildTenant } from './secrets.fixtures';
import { startSecretsCollector } from './secrets.gc';
import { createLogger } from '@k8s-scheduler/config';

describe('secrets of deleted deployments', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform({ db: 'pglite' });
  });
  afterAll(async () => t?.close());

  it('are removed from the store once the deployment is gone, and only theirs', async () => {
    const db = t.platform.database.db;
    const store = t.platform.services.secrets;
    const gone = await buildTenant(db);
    const alive = await buildTenant(db);
    const loc = (x: typeof gone, tier: 'deployment' | 'organization') => ({
      orgId: x.org.id,
      tier,
      deploymentId: tier === 'deployment' ? x.deployment.id : null,
      key: 'DB_PASSWORD',
    });
    await store.put(loc(gone, 'deployment'), 'gone-value');
    await store.put(loc(gone, 'organization'), 'org-value');
    await store.put(loc(alive, 'deployment'), 'alive-value');
    await db
      .update(deployments)
      .set({ phase: 'Deleting', deletedAt: new Date() })
      .where(eq(deployments.id, gone.deployment.id));

    const collector = startSecretsCollector({
      db,
      store,
      logger: createLogger('silent'),
      intervalMs: 3_600_000,
    });
    try {
      await collector.sweep();
    } finally {
      await collector.close();
    }
    expect(await store.get(loc(gone, 'deployment'))).toBeNull();
    expect(await db.select().from(secrets).where(eq(secrets.deploymentId, gone.deployment.id))).toEqual([]);
    // the org tier and other deployments keep theirs
    expect(await store.get(loc(gone, 'organization'))).toBe('org-value');
    expect(await store.get(loc(alive, 'deployment'))).toBe('alive-value');
  });
});
