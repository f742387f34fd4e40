import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@k8s-scheduler/config';
import { openDatabase, type Database } from '../../db/database';
import { secretValues } from '../../db/schema';
import { keyIdOf } from '@k8s-scheduler/secrets';
import { openSecretSource } from './secret.source';
import { createSecretStore } from './secret.stores';
import { buildTenant } from './secrets.fixtures';
import { createTrackedStore } from './secret.tracked';

const logger = pino({ level: 'silent' });

describe('secret store from configuration', () => {
  let database: Database;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ks-stores-'));
  beforeAll(async () => {
    database = await openDatabase({ kind: 'pglite', dir: 'memory://' });
    await database.migrate();
  });
  afterAll(async () => {
    await database.close();
  });

  const config = (env: Record<string, string>) =>
    loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir, ...env });

  it('without a key outside production: generates DATA_DIR/secrets.key (0600) and reuses it', async () => {
    const { org } = await buildTenant(database.db);
    const first = createTrackedStore(
      database.db,
      await createSecretStore({ config: config({}), db: database.db, logger }),
    );
    await first.put({ orgId: org.id, tier: 'organization', key: 'K' }, 'kept-across-restarts');
    const file = path.join(dataDir, 'secrets.key');
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = await createSecretStore({ config: config({}), db: database.db, logger });
    expect(await second.get({ orgId: org.id, tier: 'organization', key: 'K' })).toBe('kept-across-restarts');
  });

  it('production without a key is refused before any store is built', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir })).toThrow(
      /SECRETS_ENCRYPTION_KEY: required in production/,
    );
    expect(() => loadConfig({ SECRETS_ENCRYPTION_KEY: randomBytes(16).toString('base64') })).toThrow(
      /exactly 32 bytes/,
    );
    expect(() => loadConfig({ SECRET_STORE: 'vault' })).toThrow(/VAULT_ADDR/);
    expect(() => loadConfig({ SECRET_STORE: 'aws' })).toThrow(/AWS_REGION/);
  });

  it('rotation: start with a new key and the old one as previous → values re-encrypted, then readable with the new key alone', async () => {
    const { org } = await buildTenant(database.db);
    const oldKey = randomBytes(32).toString('base64');
    const newKey = randomBytes(32).toString('base64');
    const before = createTrackedStore(
      database.db,
      await createSecretStore({
        config: config({ SECRETS_ENCRYPTION_KEY: oldKey }),
        db: database.db,
        logger,
      }),
    );
    const written = await before.write(
      { orgId: org.id, tier: 'organization', key: 'ROTATED' },
      'value-through-rotation',
      { userId: null },
    );

    await createSecretStore({
      config: config({ SECRETS_ENCRYPTION_KEY: newKey, SECRETS_PREVIOUS_KEYS: oldKey }),
      db: database.db,
      logger,
    });
    const rows = await database.db.select().from(secretValues);
    expect(rows.find((r) => r.secretId === written.id)?.keyId).toBe(keyIdOf(Buffer.from(newKey, 'base64')));

    const after = await createSecretStore({
      config: config({ SECRETS_ENCRYPTION_KEY: newKey }),
      db: database.db,
      logger,
    });
    expect(await after.get({ orgId: org.id, tier: 'organization', key: 'ROTATED' })).toBe(
      'value-through-rotation',
    );
  });

  it('openSecretSource (standalone operator): reads merged values from the configured database and store', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ks-source-'));
    const cfg = loadConfig({ NODE_ENV: 'development', DATA_DIR: dir });
    const db = await openDatabase(
      cfg.database.kind === 'pglite' ? cfg.database : { kind: 'postgres', url: cfg.database.url },
    );
    await db.migrate();
    const { org, team, deployment } = await buildTenant(db.db);
    const store = createTrackedStore(db.db, await createSecretStore({ config: cfg, db: db.db, logger }));
    await store.put({ orgId: org.id, tier: 'organization', key: 'TOKEN' }, 'from-org');
    await store.put(
      { orgId: org.id, tier: 'service', deploymentId: deployment.id, serviceName: 'web', key: 'TOKEN' },
      'from-service',
    );
    await store.put(
      { orgId: org.id, tier: 'service', deploymentId: deployment.id, serviceName: 'web', key: 'ONLY_WEB' },
      'web',
    );
    await db.close();

    const opened = await openSecretSource(cfg, logger);
    const ref = {
      orgId: org.id,
      teamId: team.id,
      deploymentId: deployment.id,
      namespace: deployment.namespace,
      name: deployment.name,
      service: 'web',
    };
    expect(
      await opened.secretSource({
        ...ref,
        keys: [
          { key: 'TOKEN', tier: 'service' },
          { key: 'ONLY_WEB', tier: 'service' },
        ],
      }),
    ).toEqual({ TOKEN: 'from-org', ONLY_WEB: 'web' });
    await opened.close();
  });
});
