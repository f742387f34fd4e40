import { ForbiddenError } from './errors';
import {
  API_KEY_SCOPE_FOR,
  CLIENT_ADMIN_PERMISSIONS,
  ROLE_PERMISSIONS,
  SELF_PERMISSIONS,
  type Permission,
} from './permissions';
import type { ApiKeyScope, OrgRole } from './roles';
import { orgRoleOf, teamRoleOf, type Subject } from './subject';

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
  const orgRole = orgRoleOf(subject, scope.orgId);
  const teamRole = teamRoleOf(subject, scope.teamId);
  // An org role grants its permissions on the org and every team in it; a team role on its team.
  const granted =
    (orgRole !== null && ROLE_PERMISSIONS[orgRole].includes(permission)) ||
    (teamRole !== null && scope.orgId !== undefined && ROLE_PERMISSIONS[teamRole].includes(permission));
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

/**
 * Guards an action that no role rule covers (lists of what the caller may see, creating an org):
 * an API key needs `scope` for it (403 otherwise), a session is not narrowed. `what` names the
 * action in the refusal.
 */
export function requireApiKeyScope(subject: Subject, scope: ApiKeyScope, what: string): void {
  if (subject.apiKeyScopes != null && !keyAllows(subject.apiKeyScopes, scope)) {
    throw new ForbiddenError(`This API key lacks the scope ${scope} (${what})`, scope);
  }
}

/**
 * Guards the secret inputs a template declares when they are given with a new deployment
 * (PRODUCT.md §5): `deploy:create` on the team is enough for a user (developers deploy templates
 * with secret inputs), but an API key also needs the `secrets:write` scope. Every later write of a
 * secret value needs `secrets:write` itself.
 */
export function authorizeSecretInputs(subject: Subject, scope: AuthzScope): void {
  authorize(subject, 'deploy:create', scope);
  requireApiKeyScope(subject, 'secrets:write', 'secret inputs of a new deployment');
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
