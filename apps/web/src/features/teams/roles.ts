import type { Me, OrgRole, TeamRole } from '@k8s-scheduler/contracts';

const roleLabels: Record<OrgRole | TeamRole, string> = {
  org_owner: 'Owner',
  org_admin: 'Admin',
  org_member: 'Member',
  team_admin: 'Team admin',
  developer: 'Developer',
  viewer: 'Viewer',
};

export type Role = OrgRole | TeamRole;

export function roleLabel(role: Role): string {
  return roleLabels[role];
}

const tierLabels = { free: 'Free', business: 'Business', enterprise: 'Enterprise' } as const;
export type Tier = keyof typeof tierLabels;
export function tierLabel(tier: Tier): string {
  return tierLabels[tier];
}

/**
 * How a user holds a team: an explicit team role, or team-admin rights through the org role
 * (org owners and admins act as team_admin on every team of their org; org members get nothing).
 */
export function effectiveTeamRole(
  me: Pick<Me, 'orgs'>,
  team: Me['teams'][number],
): { role: TeamRole | null; via: 'team' | 'org' } {
  const org = me.orgs.find((o) => o.id === team.orgId);
  const viaOrg = org && (org.role === 'org_owner' || org.role === 'org_admin');
  if (viaOrg) return { role: 'team_admin', via: 'org' };
  return { role: team.role, via: 'team' };
}
