import type { QueryClient } from '@tanstack/react-query';
import {
  deploymentDeletedEventSchema,
  deploymentDetailSchema,
  deploymentSnapshotEventSchema,
  type DeploymentSummary,
} from '@k8s-scheduler/contracts';
import type { StreamStatus } from '../../lib/eventStream';
import { deploymentsKeys } from './deployments.keys';
import { upsertDeployment } from './deployments.status';

/** Removes a deployment from a cached list (other lists and an absent list are left as they are). */
export function removeDeployment(
  list: readonly DeploymentSummary[] | undefined,
  id: string,
): DeploymentSummary[] | undefined {
  if (!list) return list;
  return list.filter((d) => d.id !== id);
}

/**
 * Folds one event of the deployments stream into the query cache: a snapshot replaces the team's
 * list (and refreshes the details already cached), a `deployment` replaces its entry and detail, a
 * `deleted` drops it from the list and has its detail refetched (which then answers 404).
 * Anything that does not parse is ignored: it did not come from this API version.
 */
export function applyDeploymentEvent(
  queryClient: QueryClient,
  teamId: string,
  event: string,
  data: unknown,
): void {
  if (event === 'snapshot') {
    const parsed = deploymentSnapshotEventSchema.safeParse(data);
    if (!parsed.success || parsed.data.teamId !== teamId) return;
    queryClient.setQueryData(deploymentsKeys.list(teamId), parsed.data.items);
    for (const d of parsed.data.items) {
      if (queryClient.getQueryData(deploymentsKeys.detail(d.id)) !== undefined)
        queryClient.setQueryData(deploymentsKeys.detail(d.id), d);
    }
    return;
  }
  if (event === 'deployment') {
    const parsed = deploymentDetailSchema.safeParse(data);
    if (!parsed.success || parsed.data.teamId !== teamId) return;
    const d = parsed.data;
    queryClient.setQueryData(deploymentsKeys.list(teamId), (list: DeploymentSummary[] | undefined) =>
      upsertDeployment(list, d),
    );
    queryClient.setQueryData(deploymentsKeys.detail(d.id), d);
    return;
  }
  if (event === 'deleted') {
    const parsed = deploymentDeletedEventSchema.safeParse(data);
    if (!parsed.success || parsed.data.teamId !== teamId) return;
    const { id } = parsed.data;
    queryClient.setQueryData(deploymentsKeys.list(teamId), (list: DeploymentSummary[] | undefined) =>
      removeDeployment(list, id),
    );
    void queryClient.invalidateQueries({ queryKey: deploymentsKeys.detail(id) });
  }
}

/** Live status per team, shared by every component that shows that team's deployments. */
export function createLiveStatusStore() {
  const statuses = new Map<string, StreamStatus>();
  const listeners = new Set<() => void>();
  return {
    get: (teamId: string | undefined): StreamStatus | undefined =>
      teamId ? statuses.get(teamId) : undefined,
    set(teamId: string, status: StreamStatus | undefined) {
      if (statuses.get(teamId) === status) return;
      if (status) statuses.set(teamId, status);
      else statuses.delete(teamId);
      for (const l of listeners) l();
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

export const liveStatus = createLiveStatusStore();
