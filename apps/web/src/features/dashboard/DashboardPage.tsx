import { Link } from 'react-router';
import { EmptyState } from '../../components/ui/EmptyState';
import { PageHeader } from '../../components/ui/PageHeader';
import { ArrowRightIcon, PlusIcon, TeamsIcon } from '../../components/ui/icons';
import { DeploymentList } from '../deployments/components/DeploymentList';
import { LiveIndicator } from '../deployments/components/LiveIndicator';
import { useDeploymentEvents } from '../deployments/useDeploymentEvents';
import { buttonClass, cardClass } from '../../components/ui/styles';
import { useSignedInUser } from '../session/meContext';
import { effectiveTeamRole, roleLabel, tierLabel } from '../teams/roles';
import { useTeamAccess } from '../teams/useTeamAccess';
import { UsageBars } from '../usage/UsageBars';

export function DashboardPage() {
  const me = useSignedInUser();
  const { team, teamAbilities } = useTeamAccess();
  const org = team ? me.orgs.find((o) => o.id === team.orgId) : undefined;
  const firstName = (me.user.name || me.user.email).split(/[\s@]/)[0];
  const live = useDeploymentEvents(team?.id);

  if (!team) {
    return (
      <>
        <PageHeader
          title={`Welcome, ${firstName}`}
          description="Deployments live in teams. Start by creating or joining one."
        />
        <EmptyState
          icon={<TeamsIcon />}
          title="You are not in a team yet"
          actions={
            <Link to="/teams" className={buttonClass('primary')}>
              <PlusIcon className="size-4" /> Set up a team
            </Link>
          }
        >
          Create an organization and a team, or ask a team admin to invite you. Your team&apos;s deployments
          will show up here.
        </EmptyState>
      </>
    );
  }

  const access = effectiveTeamRole(me, team);
  const canDeploy = teamAbilities.includes('deploy:create');

  return (
    <>
      <PageHeader
        title="Dashboard"
        description={
          <>
            {team.name}
            {org ? <> · {org.name}</> : null}
          </>
        }
        actions={
          canDeploy ? (
            <Link to="/templates" className={buttonClass('primary')}>
              <PlusIcon className="size-4" /> New deployment
            </Link>
          ) : null
        }
      />

      <div className="grid gap-6 lg:grid-cols-3">
        <section aria-labelledby="dash-deployments" className="min-w-0 lg:col-span-2">
          <div className="mb-3 flex items-center justify-between gap-3">
            <h2
              id="dash-deployments"
              className="text-sm font-semibold tracking-wide text-slate-500 uppercase"
            >
              Deployments
            </h2>
            <LiveIndicator status={live} />
          </div>
          <DeploymentList
            teamId={team.id}
            teamName={team.name}
            narrow
            emptyActions={
              <Link to="/templates" className={buttonClass('primary')}>
                Browse templates <ArrowRightIcon className="size-4" />
              </Link>
            }
          />
        </section>

        <aside className="space-y-4" aria-label="Team summary">
          <div className={`${cardClass} p-5`}>
            <h2 className="text-sm font-semibold text-slate-900">Your access</h2>
            <dl className="mt-3 space-y-2 text-sm">
              <div className="flex justify-between gap-4">
                <dt className="text-slate-500">Team</dt>
                <dd className="truncate font-medium text-slate-900">{team.name}</dd>
              </div>
              <div className="flex justify-between gap-4">
                <dt className="text-slate-500">Role</dt>
                <dd className="font-medium text-slate-900">
                  {access.role ? roleLabel(access.role) : 'No team role'}
                  {access.via === 'org' && org ? (
                    <span className="font-normal text-slate-500">
                      {' '}
                      (as org {roleLabel(org.role).toLowerCase()})
                    </span>
                  ) : null}
                </dd>
              </div>
              {org ? (
                <div className="flex justify-between gap-4">
                  <dt className="text-slate-500">Plan</dt>
                  <dd className="font-medium text-slate-900">{tierLabel(org.tier)}</dd>
                </div>
              ) : null}
            </dl>
          </div>
          {org ? (
            <div className={`${cardClass} p-5`}>
              <h2 className="mb-3 text-sm font-semibold text-slate-900">
                Plan usage · {tierLabel(org.tier)}
              </h2>
              <UsageBars orgId={org.id} linkToPlans />
            </div>
          ) : null}
          <div className={`${cardClass} p-5`}>
            <h2 className="text-sm font-semibold text-slate-900">Next steps</h2>
            <ul className="mt-3 space-y-2 text-sm">
              <li>
                <Link to="/templates" className="text-brand underline-offset-2 hover:underline">
                  Find a template to deploy
                </Link>
              </li>
              <li>
                <Link to="/teams" className="text-brand underline-offset-2 hover:underline">
                  Invite your teammates
                </Link>
              </li>
              <li>
                <Link to="/secrets" className="text-brand underline-offset-2 hover:underline">
                  Add the secrets your apps need
                </Link>
              </li>
            </ul>
          </div>
        </aside>
      </div>
    </>
  );
}
