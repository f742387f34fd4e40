import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Plan } from '@k8s-scheduler/domain';
import { id, createdAt, updatedAt } from '../../db/columns';
import { clients } from '../clients/clients.schema';
import { users } from '../users/users.schema';

/**
 * Per-org overrides of the tier's plan (enterprise quotas are "set per org"): any plan limit, and the
 * org's cluster quota. A type alias, not an interface: readers take it as a plain record.
 */
export type OrgLimitOverrides = Partial<Omit<Plan, 'tier' | 'quota'>> & {
  quota?: { cpu: string; memory: string };
};

/** Tables owned by this module: only its repository reads and writes them (docs/architecture.md). */

export const organizations = pgTable(
  'organizations',
  {
    id: id(),
    clientId: uuid('client_id').references(() => clients.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    tier: text('tier', { enum: ['free', 'business', 'enterprise'] })
      .notNull()
      .default('free'),
    /** Per-org overrides of plan limits (enterprise quotas are "set per org"). */
    limitOverrides: jsonb('limit_overrides').$type<OrgLimitOverrides>().notNull().default({}),
    stripeCustomerId: text('stripe_customer_id'),
    stripeSubscriptionId: text('stripe_subscription_id'),
    /** Time of the Stripe event that last set the tier: older events are ignored (out-of-order safety). */
    tierUpdatedAt: timestamp('tier_updated_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('orgs_client_slug_uq').on(
      sql`coalesce(${t.clientId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      t.slug,
    ),
  ],
);

export const orgMembers = pgTable(
  'org_members',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['org_owner', 'org_admin', 'org_member'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.userId] }),
    index('org_members_user_idx').on(t.userId),
    // Exactly one owner per org.
    uniqueIndex('org_members_one_owner_uq')
      .on(t.orgId)
      .where(sql`${t.role} = 'org_owner'`),
  ],
);
