import { jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { id, createdAt, updatedAt } from '../../db/columns';
import { users } from '../users/users.schema';
import type { StoredOAuth } from './clients.oauth.settings';

/** Tables owned by this module: only its repository reads and writes them (docs/architecture.md). */

export const clients = pgTable('clients', {
  id: id(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  branding: jsonb('branding')
    .$type<{ name: string; logoUrl: string | null; primaryColor: string }>()
    .notNull(),
  deploymentDomain: text('deployment_domain'),
  /** Client-specific OAuth credentials; secrets themselves live in the secret store, referenced by key. */
  oauth: jsonb('oauth').$type<StoredOAuth>().notNull().default({}),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const clientDomains = pgTable('client_domains', {
  domain: text('domain').primaryKey(),
  clientId: uuid('client_id')
    .notNull()
    .references(() => clients.id, { onDelete: 'cascade' }),
  createdAt: createdAt(),
});

export const clientAdmins = pgTable(
  'client_admins',
  {
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.clientId, t.userId] })],
);
