import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Condition, ServiceStatus, UserDeploymentSpec } from '@k8s-scheduler/crds';
import { id, createdAt, updatedAt } from '../../db/columns';
import { organizations } from '../orgs/orgs.schema';
import { teams } from '../teams/teams.schema';
import { templates } from '../templates/templates.schema';
import { users } from '../users/users.schema';
import type { DeploymentOverrides } from './deployments.objects';

/** Tables owned by this module: only its repository reads and writes them (docs/architecture.md). */

export const deployments = pgTable(
  'deployments',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    namespace: text('namespace').notNull(),
    templateId: uuid('template_id').references(() => templates.id, { onDelete: 'set null' }),
    templateName: text('template_name').notNull(),
    templateVersion: integer('template_version').notNull(),
    /** Non-secret inputs; secret inputs live in the secret store. */
    inputs: jsonb('inputs').$type<Record<string, string>>().notNull().default({}),
    /** Per-service overrides (image, replicas) set by day-2 operations. */
    overrides: jsonb('overrides').$type<DeploymentOverrides>().notNull().default({}),
    /** The rendered UserDeployment spec last handed to the outbox. */
    spec: jsonb('spec').$type<UserDeploymentSpec>().notNull(),
    generation: integer('generation').notNull().default(1),
    phase: text('phase', { enum: ['Pending', 'Provisioning', 'Ready', 'Error', 'Deleting'] })
      .notNull()
      .default('Pending'),
    statusMessage: text('status_message'),
    conditions: jsonb('conditions').$type<Condition[]>().notNull().default([]),
    servicesStatus: jsonb('services_status').$type<ServiceStatus[]>().notNull().default([]),
    urls: jsonb('urls').$type<string[]>().notNull().default([]),
    observedGeneration: integer('observed_generation'),
    restartedAt: timestamp('restarted_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('deployments_ns_name_uq')
      .on(t.namespace, t.name)
      .where(sql`${t.deletedAt} is null`),
    index('deployments_team_idx').on(t.teamId),
    index('deployments_org_idx').on(t.orgId),
  ],
);
