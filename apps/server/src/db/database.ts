import { mkdir } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { assetPaths } from '../assets';
import * as schema from './schema';

export type Schema = typeof schema;
/** The one database type both drivers satisfy; repositories depend on this only. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle has the same query surface as the database. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export type DatabaseOptions =
  { kind: 'pglite'; dir: string } | { kind: 'postgres'; url: string; max?: number };

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the database: PGlite (Postgres in WASM, on disk, in-process) by default, or PostgreSQL
 * through node-postgres. One schema and one migration set serve both.
 */
export async function openDatabase(
  opts: DatabaseOptions,
  onPoolError: (err: Error) => void = () => undefined,
): Promise<Database> {
  if (opts.kind === 'pglite') {
    const [{ PGlite }, { drizzle }, { migrate }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('drizzle-orm/pglite'),
      import('drizzle-orm/pglite/migrator'),
    ]);
    if (opts.dir !== 'memory://') await mkdir(opts.dir, { recursive: true });
    const client = await PGlite.create(opts.dir === 'memory://' ? undefined : opts.dir);
    const db = drizzle(client, { schema }) as unknown as Db;
    return {
      db,
      kind: 'pglite',
      migrate: () => migrate(drizzle(client, { schema }), { migrationsFolder: assetPaths().migrations }),
      ping: async () => {
        await db.execute(sql`select 1`);
      },
      close: () => client.close(),
    };
  }
  const [{ default: pg }, { drizzle }, { migrate }] = await Promise.all([
    import('pg'),
    import('drizzle-orm/node-postgres'),
    import('drizzle-orm/node-postgres/migrator'),
  ]);
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max ?? 10,
    connectionTimeoutMillis: 5000,
  });
  // An idle client that loses its connection emits 'error' (unhandled, it would crash the process);
  // the pool replaces the client, and the caller logs it.
  pool.on('error', onPoolError);
  const db = drizzle(pool, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    migrate: () => migrate(drizzle(pool, { schema }), { migrationsFolder: assetPaths().migrations }),
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => pool.end(),
  };
}
