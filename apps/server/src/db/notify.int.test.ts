import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createDatabase } from '../../../../test/setup/services';
import { openDatabase, type Database } from './database';
import { createPgListener, LISTENER_APPLICATION_NAME, type PgListener } from './notify';

const logger = pino({ level: 'silent' });

/** A TCP proxy to PostgreSQL that can stop forwarding without closing anything (a half-open path). */
async function pausableProxy(target: URL) {
  let paused = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((inbound) => {
    const outbound = net.connect(Number(target.port || 5432), target.hostname);
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    inbound.on('data', (chunk) => paused || outbound.write(chunk));
    outbound.on('data', (chunk) => paused || inbound.write(chunk));
    inbound.on('end', () => outbound.end());
    outbound.on('end', () => inbound.end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url(databaseUrl: string) {
      const u = new URL(databaseUrl);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    pause: () => (paused = true),
    resume: () => (paused = false),
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

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
    const notify = (channel: string, payload: string) =>
      database.db.execute(sql`select pg_notify(${channel}, ${payload})`);

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
      await expect(listener.listen('bad"name', { onNotify: () => undefined })).rejects.toThrow(
        /invalid channel/,
      );
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

      it('drops a connection that stops answering (half-open) and resyncs once it can listen again', async () => {
        const proxy = await pausableProxy(new URL(url ?? ''));
        const proxied = createPgListener({
          database,
          url: proxy.url(url ?? ''),
          logger,
          pingMs: 100,
          pingTimeoutMs: 300,
        });
        try {
          const got: string[] = [];
          let resyncs = 0;
          await proxied.listen('ch_four', { onNotify: (p) => got.push(p), onResync: () => resyncs++ });
          expect(proxied.connected()).toBe(true);
          proxy.pause();
          // No FIN, no error: only the unanswered ping tells.
          await until(() => !proxied.connected(), 3000);
          proxy.resume();
          await until(() => proxied.connected() && resyncs === 1, 5000);
          await notify('ch_four', 'again');
          await until(() => got.includes('again'));
        } finally {
          await proxied.close();
          await proxy.close();
        }
      });
    }
  });
}
