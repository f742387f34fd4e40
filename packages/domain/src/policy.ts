import { authorize, can, type AuthzScope } from './authorize';
import { NotFoundError } from './errors';
import type { Permission } from './permissions';
import type { Subject } from './subject';

/**
 * A resource policy: one pure answer per resource type to "may this caller know it exists" (else
 * not found, never forbidden: no existence leak), "where does it live" (the scope the role rules
 * of `authorize` apply to) and "which abilities does the UI get". Every module guards and lists
 * abilities through its resource's policy; none re-implements visibility.
 */
export interface Policy<R> {
  /** Resource name of the not-found error (`organization`, `team`, `deployment`, ...). */
  readonly resource: string;
  /** Detail of the not-found error. */
  readonly notFound: string;
  /** Whether the subject may know the resource exists. Tenant (client) scoping happens in the repository. */
  visible(subject: Subject, resource: R): boolean;
  /** Where the resource lives, as loaded from the database (never as the caller claims). */
  scope(resource: R): AuthzScope;
  /** The permissions reported as `abilities` on the resource's DTO. */
  readonly abilities: readonly Permission[];
}

export type Decision = 'allowed' | 'not_found' | 'forbidden';

/** Decides without throwing: `not_found` for a missing or invisible resource, then the permission. */
export function decide<R>(
  policy: Policy<R>,
  subject: Subject,
  resource: R | null | undefined,
  permission?: Permission,
): Decision {
  if (resource == null || !policy.visible(subject, resource)) return 'not_found';
  if (permission && !can(subject, permission, policy.scope(resource))) return 'forbidden';
  return 'allowed';
}

/**
 * Guards: throws `NotFoundError` for a missing or invisible resource, `ForbiddenError` (with the
 * API-key-aware message of `authorize`) when the permission is not held; returns the resource.
 */
export function enforce<R, T extends R>(
  policy: Policy<R>,
  subject: Subject,
  resource: T | null | undefined,
  permission?: Permission,
): T {
  if (resource == null || !policy.visible(subject, resource))
    throw new NotFoundError(policy.resource, policy.notFound);
  if (permission) authorize(subject, permission, policy.scope(resource));
  return resource;
}

/** The abilities of the subject on a resource, from the same rules as `enforce`. */
export function abilitiesOn<R>(policy: Policy<R>, subject: Subject, resource: R): Permission[] {
  const scope = policy.scope(resource);
  return policy.abilities.filter((p) => can(subject, p, scope));
}
