import { Link } from 'react-router';
import { EmptyState } from '../../components/ui/EmptyState';
import { PageHeader } from '../../components/ui/PageHeader';
import { ArrowRightIcon, PlusIcon, TeamsIcon } from '../../components/ui/icons';
import { buttonClass } from '../../components/ui/styles';
import { useTeamAccess } from '../teams/useTeamAccess';
import { DeploymentList } from './components/DeploymentList';
import { LiveIndicator } from './components/LiveIndicator';
import { useDeploymentEvents } from './useDeploymentEvents';

export function DeploymentsPage() {
  const { team, teamAbilities } = useTeamAccess();
  const canDeploy = teamAbilities.includes('deploy:create');
  const live = useDeploymentEvents(team?.id);
  return (
    <>
      <PageHeader
        title="Deployments"
        description={team ? `Applications running for ${team.name}.` : 'Applications running for your team.'}
        actions={
          <>
            <LiveIndicator status={live} />
            {canDeploy ? (
              <Link to="/templates" className={buttonClass('primary')}>
                <PlusIcon className="size-4" /> New deployment
              </Link>
            ) : null}
          </>
        }
      />
      {team ? (
        <DeploymentList
          teamId={team.id}
          teamName={team.name}
          emptyActions={
            canDeploy ? (
              <Link to="/templates" className={buttonClass('primary')}>
                Choose a template <ArrowRightIcon className="size-4" />
              </Link>
            ) : null
          }
        />
      ) : (
        <EmptyState
          icon={<TeamsIcon />}
          title="Deployments live in teams"
          action={{ to: '/teams', label: 'Set up a team' }}
        >
          Create or join a team first; its deployments are listed here.
        </EmptyState>
      )}
    </>
  );
}
