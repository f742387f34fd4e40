/** Org roles (`orgRoleSchema` of `@k8s-scheduler/contracts` is built from this list). */
export const ORG_ROLES = ['org_owner', 'org_admin', 'org_member'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];
/** The org roles a member can be given; ownership moves only by transfer. */
export const ASSIGNABLE_ORG_ROLES = ['org_admin', 'org_member'] as const satisfies readonly OrgRole[];

/** Team roles (`teamRoleSchema` of `@k8s-scheduler/contracts` is built from this list). */
export const TEAM_ROLES = ['team_admin', 'developer', 'viewer'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

/** API key scopes. A `:write` scope includes the `:read` of the same resource. */
export const API_KEY_SCOPES = [
  'deployments:read',
  'deployments:write',
  'templates:read',
  'templates:write',
  'secrets:read',
  'secrets:write',
  'org:read',
  'org:write',
  'teams:read',
  'teams:write',
  'billing:read',
  'billing:write',
  'audit:read',
] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
