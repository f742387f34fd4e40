import type { ReactNode } from 'react';
import { EmptyState } from '../../../components/ui/EmptyState';
import { QueryState } from '../../../components/QueryState';
import { DeploymentsIcon } from '../../../components/ui/icons';
import { useDeploymentEvents } from '../useDeploymentEvents';
import { useDeployments } from '../useDeployments';
import { DeploymentCard } from './DeploymentCard';

/** The deployments of a team as cards, with loading, error and empty states. */
export function DeploymentList({
  teamId,
  teamName,
  emptyActions,
  narrow = false,
}: {
  teamId: string;
  teamName: string;
  emptyActions: ReactNode;
  /** In a narrower column (the dashboard): at most two cards a row. */
  narrow?: boolean;
}) {
  const deployments = useDeployments(teamId);
  // Live status of the cards (the page shows the indicator next to its heading).
  useDeploymentEvents(teamId);
  return (
    <QueryState
      query={deployments}
      skeleton="page"
      loadingLabel="Loading deployments"
      errorTitle="Could not load the deployments"
      empty={
        <EmptyState icon={<DeploymentsIcon />} title="No deployments yet" actions={emptyActions}>
          Pick a template — a web app, an API with a database, a CMS — fill in its settings and deploy it to{' '}
          {teamName}. Its live status, URL and quick actions will appear here.
        </EmptyState>
      }
    >
      {(list) => (
        <ul
          className={`grid gap-4 sm:grid-cols-2 ${narrow ? '' : 'xl:grid-cols-3'}`}
          aria-label={`Deployments of ${teamName}`}
        >
          {list.map((d) => (
            <DeploymentCard key={d.id} deployment={d} />
          ))}
        </ul>
      )}
    </QueryState>
  );
}
