import { pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { bytea, updatedAt } from '../../db/columns';
import { secrets } from './secrets.schema';

/** Tables owned by this module: only its repository reads and writes them (docs/architecture.md). */

/** Ciphertexts of the built-in store (AES-256-GCM). */
export const secretValues = pgTable('secret_values', {
  secretId: uuid('secret_id')
    .primaryKey()
    .references(() => secrets.id, { onDelete: 'cascade' }),
  ciphertext: bytea('ciphertext').notNull(),
  iv: bytea('iv').notNull(),
  authTag: bytea('auth_tag').notNull(),
  keyId: text('key_id').notNull(),
  updatedAt: updatedAt(),
});
