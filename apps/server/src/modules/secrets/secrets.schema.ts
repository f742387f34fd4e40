import { sql } from 'drizzle-orm';
import { check, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, createdAt, updatedAt } from '../../db/columns';
import { clients } from '../clients/clients.schema';
import { deployments } from '../deployments/deployments.schema';
import { organizations } from '../orgs/orgs.schema';
import { users } from '../users/users.schema';

/** Tables owned by this module: only its repository reads and writes them (docs/architecture.md). */

export const secrets = pgTable(
  'secrets',
  {
    id: id(),
    /** The owning org; NULL only for a white-label client's own keys (tier `client`). */
    orgId: uuid('org_id').references(() => organizations.id, { onDelete: 'cascade' }),
    /** The owning client of a `client`-tier key (its OAuth client secrets); NULL for org keys. */
    clientId: uuid('client_id').references(() => clients.id, { onDelete: 'cascade' }),
    tier: text('tier', { enum: ['organization', 'deployment', 'service', 'client'] }).notNull(),
    deploymentId: uuid('deployment_id').references(() => deployments.id, { onDelete: 'cascade' }),
    serviceName: text('service_name'),
    key: text('key').notNull(),
    store: text('store', { enum: ['builtin', 'vault', 'aws'] }).notNull(),
    /** Changes on every write; the operator uses it (not the value) to roll pods. */
    revision: integer('revision').notNull().default(1),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('secrets_scope_key_uq').on(
      t.orgId,
      t.tier,
      sql`coalesce(${t.deploymentId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      sql`coalesce(${t.serviceName}, '')`,
      t.key,
    ),
    uniqueIndex('secrets_client_key_uq')
      .on(t.clientId, t.key)
      .where(sql`${t.clientId} is not null`),
    // Exactly one owner: an org (its tiers) or a client (tier `client`).
    check(
      'secrets_owner_ck',
      sql`(${t.tier} = 'client' and ${t.clientId} is not null and ${t.orgId} is null) or (${t.tier} <> 'client' and ${t.orgId} is not null and ${t.clientId} is null)`,
    ),
  ],
);
