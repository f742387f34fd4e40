import { ForbiddenError } from './errors';
import {
  API_KEY_SCOPE_FOR,
  CLIENT_ADMIN_PERMISSIONS,
  ROLE_PERMISSIONS,
  SELF_PERMISSIONS,
  type Permission,
} from './permissions';
import type { ApiKeyScope, OrgRole, TeamRole } from './roles';

type RoleTable<R> = ReadonlyMap<string, R> | Readonly<Record<string, R>>;

/** Who is acting: the user, their global and client roles, org and team roles, and API key scopes. */
export interface Subject {
  userId: string;
  isPlatformAdmin: boolean;
  /** Id of the client this user administers, if any. */
  clientAdminOf?: string | null;
  /** orgId → role */
  orgRoles: RoleTable<OrgRole>;
  /** teamId → explicit team role */
  teamRoles: RoleTable<TeamRole>;
  /** Scopes of the API key the request came with; null/undefined for a session. */
  apiKeyScopes?: readonly string[] | null;
}

/**
 * Where the resource lives. Pass the org (and team) that own it as loaded from the database, never
 * as the caller claims. `ownerUserId` is the author of a private template.
 */
export interface AuthzScope {
  clientId?: string | null;
  orgId?: string;
  teamId?: string;
  ownerUserId?: string;
}

function roleIn<R>(table: RoleTable<R>, id: string | undefined): R | undefined {
  if (id === undefined) return undefined;
  if (table instanceof Map) return table.get(id);
  return Object.hasOwn(table, id) ? (table as Readonly<Record<string, R>>)[id] : undefined;
}

/** Whether the API key scopes allow `needed` (a `:write` scope includes its `:read`). */
function keyAllows(scopes: readonly string[], needed: ApiKeyScope): boolean {
  if (scopes.includes(needed)) return true;
  return needed.endsWith(':read') && scopes.includes(needed.replace(/:read$/, ':write'));
}

function rolesAllow(subject: Subject, permission: Permission, scope: AuthzScope): boolean {
  if (subject.isPlatformAdmin) return true;
  if (SELF_PERMISSIONS.includes(permission)) return true;
  // The system template catalog is readable by every signed-in user of every tenant.
  if (permission === 'templates:read' && scope.orgId === undefined) return true;
  if (
    subject.clientAdminOf &&
    scope.clientId === subject.clientAdminOf &&
    CLIENT_ADMIN_PERMISSIONS.includes(permission)
  ) {
    return true;
  }
  const orgRole = roleIn(subject.orgRoles, scope.orgId);
  const teamRole = roleIn(subject.teamRoles, scope.teamId);
  // An org role grants its permissions on the org and every team in it; a team role on its team.
  const granted =
    (orgRole !== undefined && ROLE_PERMISSIONS[orgRole].includes(permission)) ||
    (teamRole !== undefined && scope.orgId !== undefined && ROLE_PERMISSIONS[teamRole].includes(permission));
  if (!granted) return false;
  // A private template belongs to its author alone.
  if (permission === 'templates:write:private' && scope.ownerUserId !== undefined) {
    return scope.ownerUserId === subject.userId;
  }
  return true;
}

/** Whether `subject` may do `permission` on a resource in `scope`. API key scopes narrow, never widen. */
export function can(subject: Subject, permission: Permission, scope: AuthzScope): boolean {
  if (subject.apiKeyScopes != null) {
    const needed = API_KEY_SCOPE_FOR[permission];
    if (needed === null || !keyAllows(subject.apiKeyScopes, needed)) return false;
  }
  return rolesAllow(subject, permission, scope);
}

/** Guards an action: throws `ForbiddenError` unless `can(subject, permission, scope)`. */
export function authorize(subject: Subject, permission: Permission, scope: AuthzScope): void {
  if (!can(subject, permission, scope)) {
    const viaKey = subject.apiKeyScopes != null && rolesAllow(subject, permission, scope);
    throw new ForbiddenError(
      viaKey
        ? `This API key lacks the scope ${API_KEY_SCOPE_FOR[permission] ?? 'for this action'} (${permission})`
        : `You do not have the permission ${permission} here`,
      permission,
    );
  }
}

/** The subset of `permissions` the subject holds in `scope`, from the same rules as `authorize`. */
export function abilities(
  subject: Subject,
  scope: AuthzScope,
  permissions: readonly Permission[],
): Permission[] {
  return permissions.filter((p) => can(subject, p, scope));
}

/**
 * Guards a change to an org membership beyond `org:members:manage`: nobody becomes owner this way
 * and the owner's membership cannot be changed or removed (the org must always keep exactly one
 * owner; ownership moves only by `org:transfer`).
 */
export function authorizeOrgMemberChange(
  subject: Subject,
  orgId: string,
  change: { targetRole: OrgRole | null; newRole?: OrgRole | null },
): void {
  authorize(subject, 'org:members:manage', { orgId });
  if (change.newRole === 'org_owner' || change.targetRole === 'org_owner') {
    throw new ForbiddenError('The owner changes only by an ownership transfer', 'org:transfer');
  }
}
