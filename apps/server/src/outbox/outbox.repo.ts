import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/database';
import { outbox } from './outbox.schema';

export type OutboxOp = 'apply' | 'delete';
export type OutboxEntry = typeof outbox.$inferSelect;

/** Key of one Kubernetes object: entries with the same key are applied strictly in id order. */
export function objectKeyOf(obj: { kind: string; metadata: { name: string; namespace?: string } }): string {
  return obj.metadata.namespace
    ? `${obj.kind}/${obj.metadata.namespace}/${obj.metadata.name}`
    : `${obj.kind}/${obj.metadata.name}`;
}

/** Adds an entry; call inside the same transaction as the row change it mirrors. */
export async function enqueue(
  tx: Db | Tx,
  op: OutboxOp,
  payload: { kind: string; metadata: { name: string; namespace?: string } },
): Promise<void> {
  await tx
    .insert(outbox)
    .values({ op, objectKey: objectKeyOf(payload), payload: payload as unknown as Record<string, unknown> });
}

/**
 * Claims up to `limit` due entries, at most one per object key and always the oldest pending one of
 * its key, so a later entry never overtakes an earlier one. The claim is a lease (next_attempt_at
 * moves ahead) taken by a conditional UPDATE, so two workers never hold the same entry; a worker
 * that dies mid-way loses its lease and the entry is retried.
 */
export async function claimDue(db: Db, limit: number, leaseMs: number): Promise<OutboxEntry[]> {
  const heads = await db.execute<{ id: number | string }>(sql`
    select id from (
      select distinct on (object_key) id, next_attempt_at
      from ${outbox}
      where done_at is null
      order by object_key, id
    ) h
    where h.next_attempt_at <= now()
    order by h.id
    limit ${limit}`);
  const rows = (Array.isArray(heads) ? heads : (heads as { rows: { id: number | string }[] }).rows) as {
    id: number | string;
  }[];
  const ids = rows.map((r) => Number(r.id));
  if (!ids.length) return [];
  return db
    .update(outbox)
    .set({ nextAttemptAt: sql`now() + make_interval(secs => ${leaseMs / 1000})` })
    .where(and(inArray(outbox.id, ids), isNull(outbox.doneAt), lte(outbox.nextAttemptAt, sql`now()`)))
    .returning()
    .then((claimed) => claimed.sort((a, b) => a.id - b.id));
}

export async function markDone(db: Db, id: number): Promise<void> {
  await db
    .update(outbox)
    .set({ doneAt: sql`now()`, lastError: null })
    .where(eq(outbox.id, id));
}

/** Records a failed attempt; the entry (and every later one of its key) waits `delayMs`. */
export async function markFailed(db: Db, id: number, delayMs: number, error: string): Promise<void> {
  await db
    .update(outbox)
    .set({
      attempts: sql`${outbox.attempts} + 1`,
      nextAttemptAt: sql`now() + make_interval(secs => ${delayMs / 1000})`,
      lastError: error.slice(0, 2000),
    })
    .where(eq(outbox.id, id));
}

/** Pending entries, oldest first (for tests, metrics and the admin view). */
export async function pendingEntries(db: Db, objectKey?: string): Promise<OutboxEntry[]> {
  return db
    .select()
    .from(outbox)
    .where(and(isNull(outbox.doneAt), objectKey ? eq(outbox.objectKey, objectKey) : undefined))
    .orderBy(asc(outbox.id));
}
