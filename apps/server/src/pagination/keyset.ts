import { asc, desc, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX, type Page } from '@k8s-scheduler/contracts';
import { InvalidError } from '@k8s-scheduler/domain';
import { decodeCursor, encodeCursor, type CursorIdKind } from './cursor';

/** The sort of a keyset-paginated list: a non-null `timestamptz` column, then a unique id as tie-break. */
export interface KeysetSort {
  at: PgColumn;
  id: PgColumn;
  /** `desc` (default): newest first. */
  order?: 'asc' | 'desc';
}

/** The pieces `paginate` hands to the list query, to use as they are. */
export interface Keyset {
  /** Rows after the cursor (undefined on the first page); `and()` it with the tenant scope. */
  where: SQL | undefined;
  orderBy: SQL[];
  /** One more than the page size: the extra row tells whether there is a next page. */
  limit: number;
  /** Select it as `cursorKey`: the row's exact sort key, from which the next cursor is made. */
  cursorKey: SQL<string>;
}

/** The cast a decoded id gets in SQL, by the id column's type (a fixed list: nothing from the request). */
const ID_KINDS: Record<string, { kind: CursorIdKind; cast: string }> = {
  uuid: { kind: 'uuid', cast: 'uuid' },
  text: { kind: 'text', cast: 'text' },
  smallint: { kind: 'integer', cast: 'bigint' },
  integer: { kind: 'integer', cast: 'bigint' },
  bigint: { kind: 'integer', cast: 'bigint' },
  serial: { kind: 'integer', cast: 'bigint' },
  bigserial: { kind: 'integer', cast: 'bigint' },
};

/**
 * Keyset (seek) pagination over a `(timestamp, id)` sort, never OFFSET: each page starts strictly
 * after the last row of the previous one, so rows inserted while a client pages neither shift nor
 * repeat rows, and every row that existed when paging began is returned exactly once (rows inserted
 * meanwhile appear if they sort after the cursor). The query runs through `query`, which adds its
 * tenant scope and selection:
 *
 * ```ts
 * paginate(input, { at: auditLog.createdAt, id: auditLog.id }, (k) =>
 *   db.select({ id: auditLog.id, action: auditLog.action, cursorKey: k.cursorKey })
 *     .from(auditLog).where(and(eq(auditLog.orgId, orgId), k.where)).orderBy(...k.orderBy).limit(k.limit));
 * ```
 *
 * A bad cursor or a limit above `PAGE_LIMIT_MAX` throws `InvalidError` (400). An index on
 * `(scope…, at, id)` keeps every page an index range scan.
 */
export async function paginate<R extends { cursorKey: string }>(
  page: { cursor?: string | undefined; limit?: number | undefined },
  sort: KeysetSort,
  query: (keyset: Keyset) => Promise<R[]>,
): Promise<Page<Omit<R, 'cursorKey'>>> {
  const limit = page.limit ?? PAGE_LIMIT_DEFAULT;
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_LIMIT_MAX)
    throw new InvalidError(`The page size must be between 1 and ${PAGE_LIMIT_MAX}.`, [
      { path: 'querystring.limit', message: `must be an integer from 1 to ${PAGE_LIMIT_MAX}` },
    ]);
  const { at, id } = sort;
  const idType = ID_KINDS[id.getSQLType()];
  if (!at.getSQLType().startsWith('timestamp') || !at.getSQLType().endsWith('with time zone') || !at.notNull)
    throw new Error(`paginate: ${at.name} must be a non-null timestamp with time zone`);
  if (!idType) throw new Error(`paginate: ${id.name} has an id type keyset pages do not support`);

  const descending = (sort.order ?? 'desc') === 'desc';
  let where: SQL | undefined;
  if (page.cursor !== undefined) {
    const after = decodeCursor(page.cursor, idType.kind);
    // A row comparison, so PostgreSQL compares (at, id) as one key and can use an index on both.
    where = sql`(${at}, ${id}) ${sql.raw(descending ? '<' : '>')} (${after.at}::timestamptz, ${after.id}::${sql.raw(idType.cast)})`;
  }
  const rows = await query({
    where,
    orderBy: descending ? [desc(at), desc(id)] : [asc(at), asc(id)],
    limit: limit + 1,
    cursorKey: sql<string>`to_char(${at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '|' || ${id}::text`,
  });
  const more = rows.length > limit;
  const items = rows.slice(0, limit).map(({ cursorKey: _key, ...item }) => item);
  const last = rows[limit - 1];
  let nextCursor: string | null = null;
  if (more && last) {
    const split = last.cursorKey.indexOf('|');
    nextCursor = encodeCursor({ at: last.cursorKey.slice(0, split), id: last.cursorKey.slice(split + 1) });
  }
  return { items, nextCursor };
}
