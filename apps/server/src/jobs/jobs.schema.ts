import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One lease per named background job (see jobs.runner.ts): the replica named in `holder` may run the
 * job until `expires_at`, and renews it well before. Times are the database's clock, so replicas
 * with skewed clocks still agree on who holds a lease. A released lease keeps its row (expired) so
 * `last_run_at` survives a change of holder and the job's interval is kept across replicas.
 * Not tenant data: no `org_id`; only the job runner reads and writes this table.
 */
export const jobLeases = pgTable('job_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  /** When the current holder took the lease (unchanged by renewals). */
  acquiredAt: timestamp('acquired_at', { withTimezone: true }).notNull().defaultNow(),
  /** When a run of the job last started, by any holder. */
  lastRunAt: timestamp('last_run_at', { withTimezone: true }),
});
