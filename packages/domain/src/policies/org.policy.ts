import { ORG_PERMISSIONS } from '../permissions';
import type { Policy } from '../policy';
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
