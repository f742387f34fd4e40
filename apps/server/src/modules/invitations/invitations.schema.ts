import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { id, createdAt } from '../../db/columns';
import { organizations } from '../orgs/orgs.schema';
import { teams } from '../teams/teams.schema';
import { users } from '../users/users.schema';

/** Tables owned by this module: only its repository reads and writes them (docs/architecture.md). */

export const invitations = pgTable(
  'invitations',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id').references(() => teams.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    orgRole: text('org_role', { enum: ['org_admin', 'org_member'] })
      .notNull()
      .default('org_member'),
    teamRole: text('team_role', { enum: ['team_admin', 'developer', 'viewer'] }),
    /** SHA-256 of the token in the link; the token itself is never stored. */
    tokenHash: text('token_hash').notNull().unique(),
    invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    acceptedBy: uuid('accepted_by').references(() => users.id, { onDelete: 'set null' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('invitations_org_idx').on(t.orgId)],
);
