import type { Permission } from '@k8s-scheduler/domain';

/**
 * Whether the API said the caller may do `permission` on a resource. The server decides (it returns
 * `abilities` with every resource); the UI only hides or disables what would be refused anyway.
 */
export function can(
  resource: { abilities: readonly string[] } | null | undefined,
  permission: Permission,
): boolean {
  return resource?.abilities.includes(permission) ?? false;
}
