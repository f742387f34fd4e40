import { bigserial, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt } from '../../db/columns';

/** Tables owned by this module: only its repository reads and writes them (docs/architecture.md). */

/** Mail sent while no SMTP/SendGrid is configured (dev only): listed on a dev page. */
export const devMailbox = pgTable('dev_mailbox', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  to: text('to').notNull(),
  subject: text('subject').notNull(),
  text: text('text').notNull(),
  html: text('html'),
  createdAt: createdAt(),
});
