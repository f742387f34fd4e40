/**
 * The whole schema, for drizzle-kit and the database handle's typing. Every module owns its tables
 * in `<module>.schema.ts` (the ownership list is in docs/architecture.md) and imports them from
 * there, never from here. Tenant scoping: every tenant-owned row carries `org_id` (rows above orgs
 * carry `client_id`) and repositories always filter on them.
 */
export * from '../modules/clients/clients.schema';
export * from '../modules/users/users.schema';
export * from '../modules/oauth/oauth.schema';
export * from '../modules/plans/plans.schema';
export * from '../modules/orgs/orgs.schema';
export * from '../modules/teams/teams.schema';
export * from '../modules/invitations/invitations.schema';
export * from '../modules/templates/templates.schema';
export * from '../modules/deployments/deployments.schema';
export * from '../modules/secrets/secrets.schema';
export * from '../modules/secrets/secret-values.schema';
export * from '../modules/auth/auth.schema';
export * from '../modules/apikeys/apikeys.schema';
export * from '../modules/audit/audit.schema';
export * from '../outbox/outbox.schema';
export * from '../modules/billing/billing.schema';
export * from '../modules/mail/mail.schema';
export * from '../jobs/jobs.schema';
