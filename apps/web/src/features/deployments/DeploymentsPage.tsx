import { Link } from 'react-router';
import { EmptyState } from '../../components/ui/EmptyState';
import { PageHeader } from '../../components/ui/PageHeader';
import { ArrowRightIcon, DeploymentsIcon, PlusIcon } from '../../components/ui/icons';
import { buttonClass } from '../../components/ui/styles';
import { useCurrentTeam } from '../teams/useCurrentTeam';

export function DeploymentsPage() {
  const { team } = useCurrentTeam();
  return (
    <>
      <PageHeader
        title="Deployments"
        description={team ? `Applications running for ${team.name}.` : 'Applications running for your team.'}
        actions={
          <Link to="/templates" className={buttonClass('primary')}>
            <PlusIcon className="size-4" /> New deployment
          </Link>
        }
      />
      <EmptyState
        icon={<DeploymentsIcon />}
        title="No deployments yet"
        actions={
          <Link to="/templates" className={buttonClass('primary')}>
            Choose a template <ArrowRightIcon className="size-4" />
          </Link>
        }
      >
        Every deployment starts from a template. Once deployed, each one is listed here with its live status (Pending,
        Provisioning, Ready or Error), its URL and actions to restart, scale or delete it.
      </EmptyState>
    </>
  );
}
