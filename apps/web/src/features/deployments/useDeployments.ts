import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DeploymentCreateBody, DeploymentDetail } from '@k8s-scheduler/contracts';
import {
  createDeployment,
  deleteDeployment,
  deployImage,
  getDeployment,
  listDeployments,
  restartDeployment,
  scaleService,
  updateDeployment,
} from './deployments.api';
import { deploymentsKeys } from './deployments.keys';
import { refreshInterval, upsertDeployment } from './deployments.status';
import { liveStatus } from './deployments.live';
import { useLiveStatus } from './useDeploymentEvents';

/**
 * The team's deployments. Kept current by the team's event stream (useDeploymentEvents); polled only
 * while that stream is not live (not opened, connecting or reconnecting).
 */
export function useDeployments(teamId: string | undefined) {
  const live = useLiveStatus(teamId) === 'live';
  return useQuery({
    queryKey: deploymentsKeys.list(teamId ?? 'none'),
    queryFn: ({ signal }) => listDeployments(teamId ?? '', signal),
    enabled: teamId !== undefined,
    refetchInterval: (query) =>
      live ? false : refreshInterval((query.state.data ?? []).map((d) => d.phase)),
  });
}

/** One deployment; like the list, polled only while its team's event stream is not live. */
export function useDeployment(id: string) {
  const query = useQuery({
    queryKey: deploymentsKeys.detail(id),
    queryFn: ({ signal }) => getDeployment(id, signal),
    refetchInterval: (q) =>
      q.state.data && liveStatus.get(q.state.data.teamId) !== 'live'
        ? refreshInterval([q.state.data.phase])
        : false,
  });
  // Re-render when the stream goes up or down, so the interval above is evaluated again.
  useLiveStatus(query.data?.teamId);
  return query;
}

/** Puts an action's answer in the cache (detail and the team's list) so the UI updates at once. */
function useStoreDeployment() {
  const queryClient = useQueryClient();
  return (d: DeploymentDetail) => {
    queryClient.setQueryData(deploymentsKeys.detail(d.id), d);
    queryClient.setQueryData(deploymentsKeys.list(d.teamId), (list: DeploymentDetail[] | undefined) =>
      upsertDeployment(list, d),
    );
  };
}

export function useCreateDeployment() {
  const store = useStoreDeployment();
  return useMutation({
    mutationFn: (body: DeploymentCreateBody) => createDeployment(body),
    onSuccess: store,
  });
}

export function useDeploymentActions(id: string) {
  const store = useStoreDeployment();
  return {
    update: useMutation({
      mutationFn: (body: { inputs?: Record<string, string>; secrets?: Record<string, string> }) =>
        updateDeployment(id, body),
      onSuccess: store,
    }),
    deployImage: useMutation({
      mutationFn: (body: { service: string; image: string }) => deployImage(id, body),
      onSuccess: store,
    }),
    scale: useMutation({
      mutationFn: (body: { service: string; replicas: number }) => scaleService(id, body),
      onSuccess: store,
    }),
    restart: useMutation({ mutationFn: () => restartDeployment(id), onSuccess: store }),
    remove: useMutation({ mutationFn: () => deleteDeployment(id), onSuccess: store }),
  };
}
