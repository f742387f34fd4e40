import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createDatabase } from '../../../test/setup/services';
import { openDatabase, type Database } from '../src/db/database';

/**
 * A fresh, migrated database for one suite: in-memory PGlite, or a new PostgreSQL database named
 * `<prefix>_<uuid>` on the run's server (see test/setup/services).
 */
export async function openSuiteDatabase(kind: 'pglite' | 'postgres', prefix: string): Promise<Database> {
  const database =
    kind === 'pglite'
      ? await openDatabase({ kind: 'pglite', dir: 'memory://' })
      : await openDatabase({
          kind: 'postgres',
          url: await createDatabase(inject('postgresUrl'), `${prefix}_${randomUUID().replace(/-/g, '')}`),
        });
  await database.migrate();
  return database;
}
