import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Tables owned by this module: only its repository reads and writes them (docs/architecture.md). */

export const stripeEvents = pgTable('stripe_events', {
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  orgId: uuid('org_id'),
  eventCreatedAt: timestamp('event_created_at', { withTimezone: true }).notNull(),
  processedAt: timestamp('processed_at', { withTimezone: true }).notNull().defaultNow(),
});
