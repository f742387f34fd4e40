/** Org roles; same values as `orgRoleSchema` in `@k8s-scheduler/contracts`. */
export const ORG_ROLES = ['org_owner', 'org_admin', 'org_member'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

/** Team roles; same values as `teamRoleSchema` in `@k8s-scheduler/contracts`. */
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
