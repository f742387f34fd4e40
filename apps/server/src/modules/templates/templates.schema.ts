import { sql } from 'drizzle-orm';
import { integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Template } from '@k8s-scheduler/domain';
import { id, createdAt, updatedAt } from '../../db/columns';
import { clients } from '../clients/clients.schema';
import { organizations } from '../orgs/orgs.schema';
import { teams } from '../teams/teams.schema';
import { users } from '../users/users.schema';

/** Tables owned by this module: only its repository reads and writes them (docs/architecture.md). */

export const templates = pgTable(
  'templates',
  {
    id: id(),
    /** NULL for system templates; otherwise the owning org (and client, for host isolation). */
    clientId: uuid('client_id').references(() => clients.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id').references(() => organizations.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id').references(() => teams.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    displayName: text('display_name').notNull(),
    description: text('description').notNull().default(''),
    category: text('category').notNull().default('other'),
    visibility: text('visibility', { enum: ['private', 'team', 'org', 'system'] }).notNull(),
    latestVersion: integer('latest_version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('templates_scope_name_uq')
      .on(sql`coalesce(${t.orgId}, '00000000-0000-0000-0000-000000000000'::uuid)`, t.name)
      .where(sql`${t.deletedAt} is null`),
  ],
);

export const templateVersions = pgTable(
  'template_versions',
  {
    templateId: uuid('template_id')
      .notNull()
      .references(() => templates.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    /** The YAML as written by its author, and the validated spec parsed from it. */
    yaml: text('yaml').notNull(),
    spec: jsonb('spec').$type<Template>().notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.templateId, t.version] })],
);
