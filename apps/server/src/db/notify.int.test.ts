import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createDatabase } from '../../../../test/setup/services';
import { openDatabase, type Database } from './database';
import { createPgListener, LISTENER_APPLICATION_NAME, type PgListener } from './notify';

const logger = pino({ level: 'silent' });

async function until(check: () => boolean, timeoutMs = 5000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`database listener (${kind})`, () => {
    let database: Database;
    let listener: PgListener;
    let url: string | null = null;
    const notify = (channel: string, payload: string) => database.db.execute(sql`select pg_notify(${channel}, ${payload})`);

    beforeAll(async () => {
      if (kind === 'postgres') {
        url = await createDatabase(inject('postgresUrl'), `t_${randomUUID().replace(/-/g, '')}`);
        database = await openDatabase({ kind: 'postgres', url });
      } else {
        database = await openDatabase({ kind: 'pglite', dir: 'memory://' });
      }
      listener = createPgListener({ database, url, logger, pingMs: 200 });
    });
    afterAll(async () => {
      await listener?.close();
      await database?.close();
    });

    it('shares a channel between subscribers, adds channels later, and stops after unsubscribe', async () => {
      const a: string[] = [];
      const b: string[] = [];
      const c: string[] = [];
      const offA = await listener.listen('ch_one', { onNotify: (p) => a.push(p) });
      await listener.listen('ch_one', { onNotify: (p) => b.push(p) });
      expect(listener.connected()).toBe(true);
      await notify('ch_one', '1');
      await until(() => a.length === 1 && b.length === 1);
      await listener.listen('ch_two', { onNotify: (p) => c.push(p) });
      await notify('ch_two', '2');
      await until(() => c.length === 1);
      await offA();
      await notify('ch_one', '3');
      await until(() => b.length === 2);
      expect(a).toEqual(['1']);
      expect(c).toEqual(['2']);
    });

    it('refuses channel names that are not plain identifiers', async () => {
      await expect(listener.listen('bad"name', { onNotify: () => undefined })).rejects.toThrow(/invalid channel/);
    });

    if (kind === 'postgres') {
      it('reconnects after losing its connection, listens again and tells subscribers to resync', async () => {
        const got: string[] = [];
        let resyncs = 0;
        await listener.listen('ch_three', { onNotify: (p) => got.push(p), onResync: () => resyncs++ });
        await database.db.execute(
          sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${LISTENER_APPLICATION_NAME} and datname = current_database()`,
        );
        await until(() => resyncs === 1);
        expect(listener.connected()).toBe(true);
        await notify('ch_three', 'after');
        await until(() => got.includes('after'));
      });
    }
  });
}
