/** Query keys of organizations, teams and their members. */
export const teamsKeys = {
  all: ['tenancy'] as const,
  orgs: () => [...teamsKeys.all, 'orgs'] as const,
  org: (orgId: string) => [...teamsKeys.orgs(), orgId] as const,
  orgMembers: (orgId: string) => [...teamsKeys.org(orgId), 'members'] as const,
  orgTeams: (orgId: string) => [...teamsKeys.org(orgId), 'teams'] as const,
  invitations: (orgId: string) => [...teamsKeys.org(orgId), 'invitations'] as const,
  invitationPreview: (token: string) => [...teamsKeys.all, 'invitation', token] as const,
  teams: () => [...teamsKeys.all, 'teams'] as const,
  team: (teamId: string) => [...teamsKeys.teams(), teamId] as const,
  teamMembers: (teamId: string) => [...teamsKeys.team(teamId), 'members'] as const,
};
