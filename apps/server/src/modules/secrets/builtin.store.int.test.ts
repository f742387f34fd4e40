import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database';
import { secrets, secretValues } from '../../db/schema';
import { openSuiteDatabase } from '../../../test/database';
import { keyringFrom } from '@k8s-scheduler/secrets';
import { createBuiltinStore } from './builtin.store';
import { buildTenant } from './secrets.fixtures';
import { createTrackedStore } from './secret.tracked';

const b64 = () => randomBytes(32).toString('base64');

describe.each(['pglite', 'postgres'] as const)('built-in secret store on %s', (kind) => {
  let database: Database;

  beforeAll(async () => {
    database = await openSuiteDatabase(kind, 't');
  });
  afterAll(async () => {
    await database.close();
  });

  it('stores AES-GCM ciphertext with its key id, reads it back, deletes it', async () => {
    const { org, deployment } = await buildTenant(database.db);
    const keyring = keyringFrom(b64());
    const store = createTrackedStore(database.db, createBuiltinStore(database.db, keyring));
    const locator = {
      orgId: org.id,
      tier: 'deployment' as const,
      deploymentId: deployment.id,
      key: 'DB_PASSWORD',
    };

    const written = await store.write(locator, 'pa55-WORD-in-db', { userId: null });
    expect(written).toMatchObject({ created: true, revision: 1 });
    expect(await store.get(locator)).toBe('pa55-WORD-in-db');

    const [row] = await database.db.select().from(secretValues).where(eq(secretValues.secretId, written.id));
    expect(row?.keyId).toBe(keyring.current.id);
    expect(row?.ciphertext.toString('utf8')).not.toContain('pa55-WORD');
    expect(row?.ciphertext.toString('hex')).not.toContain(Buffer.from('pa55-WORD').toString('hex'));

    const again = await store.write(locator, 'second-value', { userId: null });
    expect(again).toMatchObject({ id: written.id, created: false, revision: 2 });
    expect(await store.get(locator)).toBe('second-value');

    await store.delete(locator);
    expect(await store.get(locator)).toBeNull();
    expect(await database.db.select().from(secrets).where(eq(secrets.id, written.id))).toEqual([]);
  });

  it('keeps tiers and tenants apart: same key, different scopes, different values', async () => {
    const a = await buildTenant(database.db);
    const b = await buildTenant(database.db);
    const store = createTrackedStore(database.db, createBuiltinStore(database.db, keyringFrom(b64())));
    await store.put({ orgId: a.org.id, tier: 'organization', key: 'TOKEN' }, 'org-a');
    await store.put(
      { orgId: a.org.id, tier: 'deployment', deploymentId: a.deployment.id, key: 'TOKEN' },
      'dep-a',
    );
    await store.put(
      { orgId: a.org.id, tier: 'service', deploymentId: a.deployment.id, serviceName: 'web', key: 'TOKEN' },
      'svc-a-web',
    );
    await store.put({ orgId: b.org.id, tier: 'organization', key: 'TOKEN' }, 'org-b');
    expect(await store.get({ orgId: a.org.id, tier: 'organization', key: 'TOKEN' })).toBe('org-a');
    expect(
      await store.get({ orgId: a.org.id, tier: 'deployment', deploymentId: a.deployment.id, key: 'TOKEN' }),
    ).toBe('dep-a');
    expect(
      await store.get({
        orgId: a.org.id,
        tier: 'service',
        deploymentId: a.deployment.id,
        serviceName: 'web',
        key: 'TOKEN',
      }),
    ).toBe('svc-a-web');
    expect(
      await store.get({
        orgId: a.org.id,
        tier: 'service',
        deploymentId: a.deployment.id,
        serviceName: 'worker',
        key: 'TOKEN',
      }),
    ).toBeNull();
    expect(await store.get({ orgId: b.org.id, tier: 'organization', key: 'TOKEN' })).toBe('org-b');
    // Org A's deployment id under org B's org id finds nothing.
    expect(
      await store.get({ orgId: b.org.id, tier: 'deployment', deploymentId: a.deployment.id, key: 'TOKEN' }),
    ).toBeNull();
  });

  it('rotation: old ciphertexts stay readable with the previous key; reseal moves them to the new key', async () => {
    const { org } = await buildTenant(database.db);
    const oldKey = b64();
    const before = createBuiltinStore(database.db, keyringFrom(oldKey));
    const locator = { orgId: org.id, tier: 'organization' as const, key: 'ROTATE_ME' };
    await createTrackedStore(database.db, before).put(locator, 'survives-rotation');

    const newRing = keyringFrom(b64(), [oldKey]);
    const after = createBuiltinStore(database.db, newRing);
    expect(await after.get(locator)).toBe('survives-rotation');
    expect((await after.reseal()).resealed).toBeGreaterThanOrEqual(1);
    const onlyNew = createBuiltinStore(
      database.db,
      keyringFrom(Buffer.from(newRing.current.key).toString('base64')),
    );
    expect(await onlyNew.get(locator)).toBe('survives-rotation');
    // Without the key that sealed it, reading fails loudly (and names no value).
    await expect(createBuiltinStore(database.db, keyringFrom(b64())).get(locator)).rejects.toThrow(
      /unknown key/,
    );
  });

  it('a value that cannot be stored leaves no key behind', async () => {
    const { org } = await buildTenant(database.db);
    const failing = createTrackedStore(database.db, {
      ...createBuiltinStore(database.db, keyringFrom(b64())),
      put: () => Promise.reject(new Error('store unreachable')),
    });
    await expect(failing.put({ orgId: org.id, tier: 'organization', key: 'LOST' }, 'x')).rejects.toThrow(
      'store unreachable',
    );
    expect(await database.db.select().from(secrets).where(eq(secrets.orgId, org.id))).toEqual([]);
  });
});
