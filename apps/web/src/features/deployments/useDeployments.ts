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

/** The team's deployments, refreshed while any of them is still settling. */
export function useDeployments(teamId: string | undefined) {
  return useQuery({
    queryKey: deploymentsKeys.list(teamId ?? 'none'),
    queryFn: ({ signal }) => listDeployments(teamId ?? '', signal),
    enabled: teamId !== undefined,
    refetchInterval: (query) => refreshInterval((query.state.data ?? []).map((d) => d.phase)),
  });
}

export function useDeployment(id: string) {
  return useQuery({
    queryKey: deploymentsKeys.detail(id),
    queryFn: ({ signal }) => getDeployment(id, signal),
    refetchInterval: (query) => (query.state.data ? refreshInterval([query.state.data.phase]) : false),
  });
}

/** Puts an action's answer in the cache (detail and the team's list) so the UI updates at once. */
function useStoreDeployment() {
  const queryClient = useQueryClient();
  return (d: DeploymentDetail) => {
    queryClient.setQueryData(deploymentsKeys.detail(d.id), d);
    queryClient.setQueryData(deploymentsKeys.list(d.teamId), (list: DeploymentDetail[] | undefined) => upsertDeployment(list, d));
  };
}

export function useCreateDeployment() {
  const store = useStoreDeployment();
  return useMutation({ mutationFn: (body: DeploymentCreateBody) => createDeployment(body), onSuccess: store });
}

export function useDeploymentActions(id: string) {
  const store = useStoreDeployment();
  return {
    update: useMutation({ mutationFn: (body: { inputs?: Record<string, string>; secrets?: Record<string, string> }) => updateDeployment(id, body), onSuccess: store }),
    deployImage: useMutation({ mutationFn: (body: { service: string; image: string }) => deployImage(id, body), onSuccess: store }),
    scale: useMutation({ mutationFn: (body: { service: string; replicas: number }) => scaleService(id, body), onSuccess: store }),
    restart: useMutation({ mutationFn: () => restartDeployment(id), onSuccess: store }),
    remove: useMutation({ mutationFn: () => deleteDeployment(id), onSuccess: store }),
  };
}
