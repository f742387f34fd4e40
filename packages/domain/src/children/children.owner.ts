import type { OwnerReference } from './children.types';

/**
 * The controller owner reference to `owner` (a Tenant or a UserDeployment), so that its children are
 * garbage-collected with it; none while it has no uid yet (never stored).
 */
export function controllerOwner(owner: {
  apiVersion: string;
  kind: string;
  metadata: { name: string; uid?: string };
}): OwnerReference[] {
  if (!owner.metadata.uid) return [];
  return [
    {
      apiVersion: owner.apiVersion,
      kind: owner.kind,
      name: owner.metadata.name,
      uid: owner.metadata.uid,
      controller: true,
      blockOwnerDeletion: true,
    },
  ];
}
