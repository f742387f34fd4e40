import { useEffect, useSyncExternalStore } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { deploymentEventNames } from '@k8s-scheduler/contracts';
import { connectEventStream, type StreamStatus } from '../../lib/eventStream';
import { applyDeploymentEvent, liveStatus } from './deployments.live';

const RELEASE_GRACE_MS = 2000;

interface Connection {
  users: number;
  close: () => void;
}

/** One stream per team however many components show its deployments (dashboard cards, list, detail). */
const connections = new Map<string, Connection>();

function acquire(queryClient: QueryClient, teamId: string): () => void {
  let conn = connections.get(teamId);
  if (!conn) {
    const handlers = Object.fromEntries(
      Object.values(deploymentEventNames).map((name) => [
        name,
        (data: unknown) => applyDeploymentEvent(queryClient, teamId, name, data),
      ]),
    );
    const close = connectEventStream(`/api/teams/${encodeURIComponent(teamId)}/deployments/events`, {
      handlers,
      liveOn: deploymentEventNames.snapshot,
      onStatus: (status) => liveStatus.set(teamId, status),
    });
    conn = { users: 0, close };
    connections.set(teamId, conn);
  }
  conn.users++;
  const held = conn;
  return () => {
    held.users--;
    // A short grace: moving between pages of the same team (wizard → detail → list) keeps the stream.
    setTimeout(() => {
      if (held.users > 0 || connections.get(teamId) !== held) return;
      connections.delete(teamId);
      held.close();
      liveStatus.set(teamId, undefined);
    }, RELEASE_GRACE_MS);
  };
}

/** The live status of a team's stream, or undefined when nothing streams it. */
export function useLiveStatus(teamId: string | undefined): StreamStatus | undefined {
  return useSyncExternalStore(liveStatus.subscribe, () => liveStatus.get(teamId));
}

/**
 * Streams the team's deployment changes (Server-Sent Events) into the list and detail caches while
 * the component is mounted. Queries poll only while this is not `live` (see useDeployments).
 */
export function useDeploymentEvents(teamId: string | undefined): StreamStatus | undefined {
  const queryClient = useQueryClient();
  useEffect(() => (teamId ? acquire(queryClient, teamId) : undefined), [queryClient, teamId]);
  return useLiveStatus(teamId);
}
