import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { z } from 'zod';
import { pageQuerySchema, pageSchema, type Page } from '@k8s-scheduler/contracts';
import { createDatabase } from '../../../../test/setup/services';
import { openDatabase, type Database } from '../db/database';
import { errorHandler } from '../http/problem';
import { encodeCursor } from './cursor';
import { paginate } from './keyset';

/** A scratch table of this test only: a tenant column, a timestamp and a uuid id, like real lists. */
const rows = pgTable('pagination_scratch', {
  id: uuid('id')
    .primaryKey()
    .default(sql`gen_random_uuid()`),
  tenant: text('tenant').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  n: integer('n').notNull(),
});

const itemSchema = z.object({ id: z.string(), n: z.number() });
type Item = z.infer<typeof itemSchema>;

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`keyset pagination (${kind})`, () => {
    let database: Database;
    const app = Fastify().withTypeProvider<ZodTypeProvider>();

    beforeAll(async () => {
      database =
        kind === 'postgres'
          ? await openDatabase({
              kind: 'postgres',
              url: await createDatabase(inject('postgresUrl'), `t_${randomUUID().replace(/-/g, '')}`),
            })
          : await openDatabase({ kind: 'pglite', dir: 'memory://' });
      await database.db.execute(sql`
        create table pagination_scratch (
          id uuid primary key default gen_random_uuid(),
          tenant text not null,
          created_at timestamptz not null default now(),
          n integer not null
        )`);
      await database.db.execute(sql`create index on pagination_scratch (tenant, created_at, id)`);

      const db = database.db;
      app.setValidatorCompiler(validatorCompiler);
      app.setSerializerCompiler(serializerCompiler);
      app.setErrorHandler(errorHandler);
      app.get(
        '/tenants/:tenant/items',
        {
          schema: {
            params: z.object({ tenant: z.string() }),
            querystring: pageQuerySchema.extend({ order: z.enum(['asc', 'desc']).default('desc') }),
            response: { 200: pageSchema(itemSchema) },
          },
        },
        (request) =>
          paginate(request.query, { at: rows.createdAt, id: rows.id, order: request.query.order }, (k) =>
            db
              .select({ id: rows.id, n: rows.n, cursorKey: k.cursorKey })
              .from(rows)
              .where(and(eq(rows.tenant, request.params.tenant), k.where))
              .orderBy(...k.orderBy)
              .limit(k.limit),
          ),
      );
      await app.ready();
    });
    afterAll(async () => {
      await app.close();
      await database?.close();
    });

    const get = (tenant: string, query: Record<string, string | number>) =>
      app.inject({
        method: 'GET',
        url: `/tenants/${tenant}/items`,
        query: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])),
      });

    /** Inserts `count` rows in one statement: they share one now(), so the id alone orders them. */
    const seed = (tenant: string, count: number, from = 0) =>
      database.db
        .insert(rows)
        .values(Array.from({ length: count }, (_, i) => ({ tenant, n: from + i })))
        .returning({ id: rows.id });

    async function walk(tenant: string, limit: number, order: 'asc' | 'desc', between?: () => Promise<void>) {
      const seen: Item[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await get(tenant, { limit, order, ...(cursor ? { cursor } : {}) });
        expect(res.statusCode).toBe(200);
        const page = res.json<Page<Item>>();
        expect(page.items.length).toBeLessThanOrEqual(limit);
        seen.push(...page.items);
        cursor = page.nextCursor;
        // A cursor that does not move would page forever: fail fast instead.
        if (++pages > 500) throw new Error('paging does not end');
        await between?.();
      } while (cursor);
      return { seen, pages };
    }

    for (const order of ['desc', 'asc'] as const) {
      it(`walks every page (${order}) while rows are inserted concurrently: no duplicate, no row skipped`, async () => {
        const tenant = `t-${randomUUID()}`;
        const initial: string[] = [];
        for (let batch = 0; batch < 6; batch++)
          initial.push(...(await seed(tenant, 20, batch * 20)).map((r) => r.id));
        // Another tenant's rows, interleaved in time, must never show up.
        await seed(`other-${randomUUID()}`, 30);

        let writing = true;
        let inserted = 0;
        const writer = (async () => {
          while (writing) {
            // Now, and back-dated into the range already paged (both are legal for concurrent writers).
            const backdated = Math.random() < 0.5;
            await database.db.insert(rows).values({
              tenant,
              n: 10_000 + inserted++,
              ...(backdated ? { createdAt: sql`now() - interval '50 milliseconds' * random()` } : {}),
            });
            await new Promise((r) => setTimeout(r, 2));
          }
        })();
        const { seen, pages } = await walk(tenant, 7, order, () =>
          seed(tenant, 3, 20_000).then(() => undefined),
        );
        writing = false;
        await writer;

        const ids = seen.map((i) => i.id);
        expect(new Set(ids).size).toBe(ids.length);
        const seenIds = new Set(ids);
        expect(initial.filter((id) => !seenIds.has(id))).toEqual([]);
        expect(pages).toBeGreaterThanOrEqual(Math.ceil(initial.length / 7));
        expect(inserted).toBeGreaterThan(0);
        // The pages follow the sort: check against the database's own order of what was returned.
        const sorted = await database.db
          .select({ id: rows.id })
          .from(rows)
          .where(eq(rows.tenant, tenant))
          .orderBy(
            ...(order === 'desc'
              ? [desc(rows.createdAt), desc(rows.id)]
              : [asc(rows.createdAt), asc(rows.id)]),
          );
        const expected = sorted.map((r) => r.id).filter((id) => seenIds.has(id));
        expect(ids).toEqual(expected);
      });
    }

    it('keeps rows apart that differ by a microsecond or only by id', async () => {
      const tenant = `t-${randomUUID()}`;
      const base = '2025-03-01 10:00:00.123';
      // Same millisecond, different microseconds, and exact ties: a millisecond cursor would lose some.
      const values = ['000', '000', '001', '001', '002', '500', '999', '999'].map((us, n) => ({
        tenant,
        n,
        createdAt: sql`${`${base}${us}+00`}::timestamptz`,
      }));
      await database.db.insert(rows).values(values);
      for (const limit of [1, 2, 3]) {
        const { seen } = await walk(tenant, limit, 'desc');
        expect(seen.map((i) => i.n).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      }
    });

    it('pages with the default size, and ends without a cursor when the last page is full', async () => {
      const tenant = `t-${randomUUID()}`;
      await seed(tenant, 100);
      const first = await get(tenant, {});
      expect(first.statusCode).toBe(200);
      const firstPage = first.json<Page<Item>>();
      expect(firstPage.items).toHaveLength(50);
      expect(firstPage.nextCursor).toEqual(expect.any(String));
      const second = (await get(tenant, { cursor: firstPage.nextCursor! })).json<Page<Item>>();
      expect(second.items).toHaveLength(50);
      expect(second.nextCursor).toBeNull();
      const empty = (await get(`t-${randomUUID()}`, {})).json<Page<Item>>();
      expect(empty).toEqual({ items: [], nextCursor: null });
    });

    it('answers 400 problem+json for a bad cursor or a limit out of range', async () => {
      const tenant = `t-${randomUUID()}`;
      await seed(tenant, 3);
      const first = (await get(tenant, { limit: 1 })).json<Page<Item>>();
      const cursor = first.nextCursor!;
      for (const bad of ['garbage!', cursor.slice(0, -3), `${cursor}A`, encodeCursor({ at: 'x', id: 'y' })]) {
        const res = await get(tenant, { cursor: bad });
        expect(res.statusCode).toBe(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.json()).toMatchObject({
          status: 400,
          code: 'validation_failed',
          errors: [{ path: 'querystring.cursor' }],
        });
      }
      for (const limit of [201, 0, 'ten']) {
        const res = await get(tenant, { limit });
        expect(res.statusCode).toBe(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.json()).toMatchObject({
          code: 'validation_failed',
          errors: [{ path: 'querystring.limit' }],
        });
      }
      expect((await get(tenant, { limit: 200 })).statusCode).toBe(200);
    });

    it('rejects a limit above the maximum when called without the query schema', async () => {
      await expect(
        paginate({ limit: 201 }, { at: rows.createdAt, id: rows.id }, () => Promise.resolve([])),
      ).rejects.toMatchObject({ code: 'validation_failed', issues: [{ path: 'querystring.limit' }] });
    });
  });
}
