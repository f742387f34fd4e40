import { sql } from 'drizzle-orm';
import { jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, createdAt, updatedAt } from '../../db/columns';
import type { Plan } from '@k8s-scheduler/domain';
import { clients } from '../clients/clients.schema';

/** Tables owned by this module: only its repository reads and writes them (docs/architecture.md). */

export const plans = pgTable(
  'plans',
  {
    id: id(),
    clientId: uuid('client_id').references(() => clients.id, { onDelete: 'cascade' }),
    tier: text('tier', { enum: ['free', 'business', 'enterprise'] }).notNull(),
    name: text('name').notNull(),
    /** The client's (or, without client, the platform's) overrides of the tier's default limits. */
    limits: jsonb('limits').$type<Partial<Omit<Plan, 'tier'>>>().notNull(),
    stripePriceId: text('stripe_price_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('plans_client_tier_uq').on(
      sql`coalesce(${t.clientId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      t.tier,
    ),
  ],
);
