import { useQuery } from '@tanstack/react-query';
import { getTeam, listOrgs } from './teams.api';
import { teamsKeys } from './teams.keys';
import { useCurrentTeam } from './useCurrentTeam';

/**
 * The current team and its org as the API presents them, with the caller's `abilities` on each
 * (what to show or hide: deploy, write templates, manage secrets…). Empty abilities while loading.
 */
export function useTeamAccess() {
  const { team } = useCurrentTeam();
  const teamQuery = useQuery({
    queryKey: teamsKeys.team(team?.id ?? 'none'),
    queryFn: () => getTeam(team?.id ?? ''),
    enabled: team !== null,
  });
  const orgsQuery = useQuery({ queryKey: teamsKeys.orgs(), queryFn: listOrgs, enabled: team !== null });
  const org = team ? orgsQuery.data?.find((o) => o.id === team.orgId) : undefined;
  return {
    team,
    teamAbilities: teamQuery.data?.abilities ?? [],
    org,
    orgAbilities: org?.abilities ?? [],
    loading: team !== null && (teamQuery.isPending || orgsQuery.isPending),
  };
}
