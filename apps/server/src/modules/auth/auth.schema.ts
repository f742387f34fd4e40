import { index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt } from '../../db/columns';
import type { SessionData } from './session.store';

/** Tables owned by this module: only its repository reads and writes them (docs/architecture.md). */

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the session id: a database leak does not yield usable cookies. */
    idHash: text('id_hash').primaryKey(),
    data: jsonb('data').$type<SessionData>().notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_expires_idx').on(t.expiresAt)],
);
