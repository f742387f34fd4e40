import type { AuthzScope } from '../authorize';
import { can } from '../authorize';
import { templateWritePermission, type Permission } from '../permissions';
import type { Policy } from '../policy';
import { administersOrg, type Subject } from '../subject';

/** What the template policy needs to know of a template. */
export interface TemplateFacts {
  visibility: 'private' | 'team' | 'org' | 'system';
  clientId: string | null;
  orgId: string | null;
  teamId: string | null;
  authorId: string | null;
}

/**
 * Whether the subject may know the template exists: the system catalog for everyone; an org
 * template for those with a role in its org; a team template for those with a role in the team or
 * who own/administer its org; a private template for its author only (platform admins included:
 * a private template is nobody else's business). Everyone else gets 404.
 */
export function seesTemplate(subject: Subject, t: TemplateFacts): boolean {
  switch (t.visibility) {
    case 'system':
      return true;
    case 'org':
      return t.orgId !== null && subject.orgRoles.has(t.orgId);
    case 'team':
      return (
        t.teamId !== null &&
        (subject.teamRoles.has(t.teamId) || (t.orgId !== null && administersOrg(subject, t.orgId)))
      );
    case 'private':
      return t.authorId !== null && t.authorId === subject.userId;
  }
}

/**
 * The narrowing a template listing applies in SQL, from the same rules as `seesTemplate`: the org
 * ids of org templates, the team ids and administered org ids of team templates, the author.
 */
export function templateReadScope(subject: Subject): {
  userId: string;
  orgIds: string[];
  teamIds: string[];
  adminOrgIds: string[];
} {
  return {
    userId: subject.userId,
    orgIds: [...subject.orgRoles.keys()],
    teamIds: [...subject.teamRoles.keys()],
    adminOrgIds: [...subject.orgRoles.keys()].filter((id) => administersOrg(subject, id)),
  };
}

/** Where a template lives for the role rules: the catalog (no org), its org, team and author. */
export function templateScope(t: TemplateFacts): AuthzScope {
  if (t.visibility === 'system') return {};
  return {
    clientId: t.clientId,
    ...(t.orgId ? { orgId: t.orgId } : {}),
    ...(t.teamId && t.visibility !== 'org' ? { teamId: t.teamId } : {}),
    ...(t.visibility === 'private' && t.authorId ? { ownerUserId: t.authorId } : {}),
  };
}

/** Reading, and writing at the template's own visibility (the one write permission that applies to it). */
export function templateAbilitiesOf(subject: Subject, t: TemplateFacts): Permission[] {
  const scope = templateScope(t);
  return (['templates:read', templateWritePermission(t.visibility)] as Permission[]).filter((p) =>
    can(subject, p, scope),
  );
}

export const templatePolicy: Policy<TemplateFacts> = {
  resource: 'template',
  notFound: 'The template does not exist or you cannot see it.',
  visible: seesTemplate,
  scope: templateScope,
  abilities: ['templates:read'],
};
