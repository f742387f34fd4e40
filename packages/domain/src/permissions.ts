import type { ApiKeyScope, OrgRole, TeamRole } from './roles';

/** What can be done to an org itself, its billing and audit, and the creation of its teams. */
const ORG_ACTIONS = [
  'org:read',
  'org:update',
  'org:delete',
  'org:transfer',
  'org:members:manage',
  'org:tier:set',
  'billing:read',
  'billing:manage',
  'audit:read',
  'team:create',
] as const;

/** Every permission the platform checks, as `resource:action`. */
export const PERMISSIONS = [
  ...ORG_ACTIONS,
  'team:delete',
  'team:read',
  'team:members:manage',
  'deploy:read',
  'logs:read',
  'metrics:read',
  'deploy:create',
  'deploy:update',
  'deploy:restart',
  'deploy:delete',
  'secrets:read',
  'secrets:write',
  'org:secrets:write',
  'templates:read',
  'templates:write:private',
  'templates:write:team',
  'templates:write:org',
  'templates:write:system',
  'apikeys:manage',
  'client:read',
  'client:update',
  'client:create',
  'client:delete',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const DEPLOY_READ: Permission[] = ['deploy:read', 'logs:read', 'metrics:read'];
const DEPLOY_WRITE: Permission[] = ['deploy:create', 'deploy:update', 'deploy:restart', 'deploy:delete'];

const TEAM_ADMIN: Permission[] = [
  'team:read',
  'team:members:manage',
  ...DEPLOY_READ,
  ...DEPLOY_WRITE,
  'secrets:read',
  'secrets:write',
  'templates:read',
  'templates:write:private',
  'templates:write:team',
];

const ORG_ADMIN: Permission[] = [
  'org:read',
  'org:update',
  'billing:read',
  'org:members:manage',
  'audit:read',
  'team:create',
  'team:delete',
  'org:secrets:write',
  'templates:write:org',
  // Org owners and admins act as team_admin on every team of their org.
  ...TEAM_ADMIN,
];

/**
 * The matrix of PRODUCT.md §2 as data: what each org or team role grants. Org-role grants apply to
 * the org and to every team in it; team-role grants apply to that one team.
 */
export const ROLE_PERMISSIONS: Readonly<Record<OrgRole | TeamRole, readonly Permission[]>> = {
  org_owner: [...ORG_ADMIN, 'org:delete', 'org:transfer', 'billing:manage'],
  org_admin: ORG_ADMIN,
  // No team rights by itself: team:read on its own teams comes from its team roles.
  org_member: ['org:read', 'templates:read'],
  team_admin: TEAM_ADMIN,
  developer: [
    'team:read',
    ...DEPLOY_READ,
    ...DEPLOY_WRITE,
    'secrets:read',
    'templates:read',
    'templates:write:private',
  ],
  viewer: ['team:read', ...DEPLOY_READ, 'templates:read'],
};

/** What a `client_admin` may do inside its own client: manage it and see its orgs. */
export const CLIENT_ADMIN_PERMISSIONS: readonly Permission[] = [
  'client:read',
  'client:update',
  'org:read',
  'org:tier:set',
  'billing:read',
  'team:read',
];

/** Granted to any signed-in user regardless of roles (their own API keys). */
export const SELF_PERMISSIONS: readonly Permission[] = ['apikeys:manage'];

/**
 * The API key scope each permission needs. `null`: API keys can never do it (a key cannot mint
 * keys or administer clients), so a leaked key stays bounded.
 */
export const API_KEY_SCOPE_FOR: Readonly<Record<Permission, ApiKeyScope | null>> = {
  'org:read': 'org:read',
  'org:update': 'org:write',
  'org:delete': 'org:write',
  'org:transfer': 'org:write',
  'org:members:manage': 'org:write',
  'org:tier:set': 'billing:write',
  'billing:read': 'billing:read',
  'billing:manage': 'billing:write',
  'audit:read': 'audit:read',
  'team:create': 'teams:write',
  'team:delete': 'teams:write',
  'team:read': 'teams:read',
  'team:members:manage': 'teams:write',
  'deploy:read': 'deployments:read',
  'logs:read': 'deployments:read',
  'metrics:read': 'deployments:read',
  'deploy:create': 'deployments:write',
  'deploy:update': 'deployments:write',
  'deploy:restart': 'deployments:write',
  'deploy:delete': 'deployments:write',
  'secrets:read': 'secrets:read',
  'secrets:write': 'secrets:write',
  'org:secrets:write': 'secrets:write',
  'templates:read': 'templates:read',
  'templates:write:private': 'templates:write',
  'templates:write:team': 'templates:write',
  'templates:write:org': 'templates:write',
  'templates:write:system': 'templates:write',
  'apikeys:manage': null,
  'client:read': null,
  'client:update': null,
  'client:create': null,
  'client:delete': null,
};

/** Permission groups, handy for `abilities` on one kind of resource. */
export const ORG_PERMISSIONS: readonly Permission[] = [
  ...ORG_ACTIONS,
  'org:secrets:write',
  'templates:write:org',
];
export const TEAM_PERMISSIONS: readonly Permission[] = [
  'team:read',
  'team:delete',
  'team:members:manage',
  'deploy:create',
  'secrets:read',
  'secrets:write',
  'templates:write:private',
  'templates:write:team',
];
export const DEPLOYMENT_PERMISSIONS: readonly Permission[] = [
  ...DEPLOY_READ,
  ...DEPLOY_WRITE,
  'secrets:read',
  'secrets:write',
];
export const TEMPLATE_PERMISSIONS: readonly Permission[] = [
  'templates:read',
  'templates:write:private',
  'templates:write:team',
  'templates:write:org',
  'templates:write:system',
];

/** The write permission for a template of the given visibility. */
export function templateWritePermission(visibility: 'private' | 'team' | 'org' | 'system'): Permission {
  return `templates:write:${visibility}`;
}
