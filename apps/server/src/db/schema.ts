import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * The whole tenancy model of PRODUCT.md in one schema, shared by PGlite and PostgreSQL.
 * Tenant scoping: every tenant-owned row carries `org_id` (and rows above orgs carry `client_id`);
 * repositories always filter on them. `client_id` NULL means a direct platform tenant.
 */

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => Buffer.from(v),
});

const id = () =>
  uuid('id')
    .primaryKey()
    .default(sql`gen_random_uuid()`);
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

// ---- White-label clients -------------------------------------------------------------------------

export const clients = pgTable('clients', {
  id: id(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  branding: jsonb('branding')
    .$type<{ name: string; logoUrl: string | null; primaryColor: string }>()
    .notNull(),
  deploymentDomain: text('deployment_domain'),
  /** Client-specific OAuth credentials; secrets themselves live in the secret store, referenced by key. */
  oauth: jsonb('oauth').$type<Record<string, unknown>>().notNull().default({}),
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

// ---- Users and identities ------------------------------------------------------------------------

export const users = pgTable(
  'users',
  {
    id: id(),
    clientId: uuid('client_id').references(() => clients.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    name: text('name').notNull(),
    avatarUrl: text('avatar_url'),
    isPlatformAdmin: boolean('is_platform_admin').notNull().default(false),
    createdAt: createdAt(),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
  },
  (t) => [
    // One account per email within a client (or among direct platform users).
    uniqueIndex('users_client_email_uq').on(
      sql`coalesce(${t.clientId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      sql`lower(${t.email})`,
    ),
  ],
);

export const userIdentities = pgTable(
  'user_identities',
  {
    provider: text('provider').notNull(),
    subject: text('subject').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.subject] })],
);

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

// ---- Plans (tier limits as data, overridable per client) -----------------------------------------

export const plans = pgTable(
  'plans',
  {
    id: id(),
    clientId: uuid('client_id').references(() => clients.id, { onDelete: 'cascade' }),
    tier: text('tier', { enum: ['free', 'business', 'enterprise'] }).notNull(),
    name: text('name').notNull(),
    limits: jsonb('limits').$type<Record<string, unknown>>().notNull(),
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

// ---- Organizations, teams, members ---------------------------------------------------------------

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
    limitOverrides: jsonb('limit_overrides').$type<Record<string, unknown>>().notNull().default({}),
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

export const teams = pgTable(
  'teams',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('teams_org_slug_uq').on(t.orgId, t.slug)],
);

export const teamMembers = pgTable(
  'team_members',
  {
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['team_admin', 'developer', 'viewer'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index('team_members_user_idx').on(t.userId)],
);

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

// ---- Templates -----------------------------------------------------------------------------------

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
    spec: jsonb('spec').$type<Record<string, unknown>>().notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.templateId, t.version] })],
);

// ---- Deployments ---------------------------------------------------------------------------------

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
    overrides: jsonb('overrides').$type<Record<string, unknown>>().notNull().default({}),
    /** The rendered UserDeployment spec last handed to the outbox. */
    spec: jsonb('spec').$type<Record<string, unknown>>().notNull(),
    generation: integer('generation').notNull().default(1),
    phase: text('phase', { enum: ['Pending', 'Provisioning', 'Ready', 'Error', 'Deleting'] })
      .notNull()
      .default('Pending'),
    statusMessage: text('status_message'),
    conditions: jsonb('conditions').$type<unknown[]>().notNull().default([]),
    servicesStatus: jsonb('services_status').$type<unknown[]>().notNull().default([]),
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

// ---- Secrets (metadata; values only in the store) ------------------------------------------------

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

// ---- Sessions, API keys, audit -------------------------------------------------------------------

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the session id: a database leak does not yield usable cookies. */
    idHash: text('id_hash').primaryKey(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_expires_idx').on(t.expiresAt)],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id').references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** First characters of the token, shown in lists to recognise a key. */
    prefix: text('prefix').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    scopes: jsonb('scopes').$type<string[]>().notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('api_keys_user_idx').on(t.userId)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    clientId: uuid('client_id'),
    orgId: uuid('org_id'),
    actorUserId: uuid('actor_user_id'),
    actorApiKeyId: uuid('actor_api_key_id'),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index('audit_org_time_idx').on(t.orgId, t.createdAt)],
);

// ---- Outbox: durable writes to Kubernetes --------------------------------------------------------

export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** `apply` or `delete` of one object; entries of one object key are applied in id order. */
    op: text('op', { enum: ['apply', 'delete'] }).notNull(),
    objectKey: text('object_key').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    createdAt: createdAt(),
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (t) => [
    index('outbox_pending_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.doneAt} is null`),
  ],
);

// ---- Billing -------------------------------------------------------------------------------------

export const stripeEvents = pgTable('stripe_events', {
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  orgId: uuid('org_id'),
  eventCreatedAt: timestamp('event_created_at', { withTimezone: true }).notNull(),
  processedAt: timestamp('processed_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Mail sent while no SMTP/SendGrid is configured (dev only): listed on a dev page. */
export const devMailbox = pgTable('dev_mailbox', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  to: text('to').notNull(),
  subject: text('subject').notNull(),
  text: text('text').notNull(),
  html: text('html'),
  createdAt: createdAt(),
});
