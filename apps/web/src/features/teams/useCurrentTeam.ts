import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Me } from '@k8s-scheduler/contracts';
import { useSignedInUser } from '../session/meContext';
import { sessionKeys } from '../session/session.keys';
import { pickCurrentTeam } from './currentTeam';
import type { MembershipTeam } from './currentTeam';
import { setCurrentTeam } from './teams.api';

/**
 * The team the UI works in and a way to switch it. The choice lives in the server session (so the
 * API's defaults agree with the UI); the switch shows at once and rolls back if the server refuses.
 */
export function useCurrentTeam(): {
  team: MembershipTeam | null;
  teams: MembershipTeam[];
  setTeamId: (id: string) => void;
  switching: boolean;
  switchError: unknown;
} {
  const me = useSignedInUser();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: setCurrentTeam,
    onMutate: async (teamId) => {
      await queryClient.cancelQueries({ queryKey: sessionKeys.me() });
      const previous = queryClient.getQueryData<Me>(sessionKeys.me());
      if (previous) queryClient.setQueryData<Me>(sessionKeys.me(), { ...previous, currentTeamId: teamId });
      return { previous };
    },
    onError: (_error, _teamId, context) => {
      if (context?.previous) queryClient.setQueryData(sessionKeys.me(), context.previous);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: sessionKeys.me() }),
  });
  return {
    team: pickCurrentTeam(me.teams, me.currentTeamId),
    teams: me.teams,
    setTeamId: (id) => mutation.mutate(id),
    switching: mutation.isPending,
    switchError: mutation.error,
  };
}
