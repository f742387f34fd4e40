import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type Database } from '../../db/database';
import { clients } from '../../db/schema';
import { createDatabase } from '../../../../../test/setup/services';
import { findUserByEmail, findUserById, upsertUserByEmail } from './users.repo';

/** The repository layer runs against both drivers in the same suite. */
describe.each(['pglite', 'postgres'] as const)('users repository on %s', (kind) => {
  let database: Database;
  let dir: string | undefined;
  beforeAll(async () => {
    if (kind === 'pglite') {
      dir = mkdtempSync(path.join(os.tmpdir(), 'ks-pglite-'));
      database = await openDatabase({ kind: 'pglite', dir });
    } else {
      database = await openDatabase({
        kind: 'postgres',
        url: await createDatabase(inject('postgresUrl'), `u_${randomUUID().slice(0, 8)}`),
      });
    }
    await database.migrate();
  });
  afterAll(async () => {
    await database?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('creates a user once per email, case-insensitively', async () => {
    const a = await upsertUserByEmail(database.db, null, { email: 'Ada@Example.com', name: 'Ada' });
    const b = await upsertUserByEmail(database.db, null, { email: 'ada@example.com', name: 'Ada L.' });
    expect(b.id).toBe(a.id);
    expect((await findUserByEmail(database.db, null, 'ADA@example.com'))?.id).toBe(a.id);
  });

  it('keeps clients apart: the same email on another client is another user, invisible across', async () => {
    const [client] = await database.db
      .insert(clients)
      .values({
        slug: `c-${randomUUID().slice(0, 6)}`,
        name: 'Acme',
        branding: { name: 'Acme', logoUrl: null, primaryColor: '#000000' },
      })
      .returning();
    const direct = await upsertUserByEmail(database.db, null, { email: 'grace@example.com', name: 'Grace' });
    const branded = await upsertUserByEmail(database.db, client!.id, {
      email: 'grace@example.com',
      name: 'Grace',
    });
    expect(branded.id).not.toBe(direct.id);
    expect(await findUserById(database.db, client!.id, direct.id)).toBeUndefined();
    expect(await findUserById(database.db, null, branded.id)).toBeUndefined();
    expect((await findUserById(database.db, client!.id, branded.id))?.clientId).toBe(client!.id);
  });

  it('survives concurrent sign-ins of a new user', async () => {
    const rows = await Promise.all(
      Array.from({ length: 5 }, () =>
        upsertUserByEmail(database.db, null, { email: 'race@example.com', name: 'Race' }),
      ),
    );
    expect(new Set(rows.map((r) => r.id)).size).toBe(1);
  });
});
