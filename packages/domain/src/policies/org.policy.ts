import { can, type AuthzScope } from '../authorize';
import { ORG_PERMISSIONS, type Permission } from '../permissions';
import type { Policy } from '../policy';
import type { OrgRole } from '../roles';
import { hasTeamIn, type Subject } from '../subject';

/** What the org policy needs to know of an organization. */
export interface OrgFacts {
  id: string;
  clientId: string | null;
}

/**
 * Whether the subject may know the org exists: platform admins, the admin of its client, and anyone
 * with a role in it or in one of its teams. Everyone else gets 404, never 403 (no existence leak).
 */
export function seesOrg(subject: Subject, org: OrgFacts): boolean {
  if (subject.isPlatformAdmin) return true;
  if (subject.clientAdminOf && subject.clientAdminOf === org.clientId) return true;
  return subject.orgRoles.has(org.id) || hasTeamIn(subject, org.id);
}

export const orgPolicy: Policy<OrgFacts> = {
  resource: 'organization',
  notFound: 'The organization does not exist or you cannot see it.',
  visible: seesOrg,
  scope: (org) => ({ clientId: org.clientId, orgId: org.id }),
  abilities: ORG_PERMISSIONS,
};

/**
 * The abilities shown on an org member row: changing or removing the member and handing them the
 * ownership. The owner's own row has none (ownership moves only by transfer).
 */
export function orgMemberAbilities(subject: Subject, org: OrgFacts, memberRole: OrgRole): Permission[] {
  if (memberRole === 'org_owner') return [];
  const scope = orgPolicy.scope(org);
  return (['org:members:manage', 'org:transfer'] as const).filter((p) => can(subject, p, scope));
}

/** What an invitation needs to be managed: its team (null for org-only ones) and the org role it grants. */
export interface InvitationFacts {
  teamId: string | null;
  orgRole: OrgRole;
}

/**
 * The permission (and where) that manages an invitation: `team:members:manage` on its team for a
 * team invitation as `org_member`, `org:members:manage` on the org for org-only and org_admin ones.
 */
export function invitationGuard(
  org: OrgFacts,
  invitation: InvitationFacts,
): { permission: Permission; scope: AuthzScope } {
  const scope = orgPolicy.scope(org);
  if (invitation.orgRole === 'org_admin' || invitation.teamId === null)
    return { permission: 'org:members:manage', scope };
  return { permission: 'team:members:manage', scope: { ...scope, teamId: invitation.teamId } };
}

/** Whether the subject may create, see in the list and revoke the invitation. */
export function managesInvitation(subject: Subject, org: OrgFacts, invitation: InvitationFacts): boolean {
  const { permission, scope } = invitationGuard(org, invitation);
  return can(subject, permission, scope);
}
