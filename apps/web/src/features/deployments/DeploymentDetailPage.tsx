import { useNavigate, useParams } from 'react-router';
import type { DeploymentDetail } from '@k8s-scheduler/contracts';
import { EmptyState } from '../../components/ui/EmptyState';
import { BackLink } from '../../components/ui/BackLink';
import { DeleteButton } from '../../components/ui/DeleteButton';
import { ErrorNotice } from '../../components/ui/ErrorNotice';
import { PageHeader } from '../../components/ui/PageHeader';
import { PageQueryState } from '../../components/QueryState';
import { DeploymentsIcon } from '../../components/ui/icons';
import { buttonClass, cardClass } from '../../components/ui/styles';
import { CardSection } from '../../components/ui/CardSection';
import { can } from '../../lib/abilities';
import { DeploymentSettings } from './components/DeploymentSettings';
import { LiveIndicator } from './components/LiveIndicator';
import { PhaseBadge } from './components/PhaseBadge';
import { PhaseProgress } from './components/PhaseProgress';
import { ServiceRow } from './components/ServiceRow';
import { isSettling } from './deployments.status';
import { useDeploymentEvents } from './useDeploymentEvents';
import { useDeployment, useDeploymentActions } from './useDeployments';

export function DeploymentDetailPage() {
  const { id = '' } = useParams();
  const deployment = useDeployment(id);
  return (
    <PageQueryState
      query={deployment}
      thing="deployment"
      notFound={
        <EmptyState
          icon={<DeploymentsIcon />}
          title="This deployment does not exist"
          action={{ to: '/deployments', label: 'All deployments' }}
        >
          It was deleted, or it belongs to a team you are not in.
        </EmptyState>
      }
    >
      {(data) => <DeploymentView deployment={data} />}
    </PageQueryState>
  );
}

function DeploymentView({ deployment: d }: { deployment: DeploymentDetail }) {
  const navigate = useNavigate();
  const { restart, remove } = useDeploymentActions(d.id);
  const live = useDeploymentEvents(d.teamId);
  const editable = can(d, 'deploy:update') && d.phase !== 'Deleting';
  const url = d.urls[0];

  return (
    <>
      <PageHeader
        title={d.name}
        description={`${d.templateName} · template revision ${d.templateVersion} · generation ${d.generation}`}
        actions={
          <>
            {url ? (
              <a href={url} target="_blank" rel="noreferrer" className={buttonClass('primary')}>
                Open app
              </a>
            ) : null}
            {can(d, 'deploy:restart') && d.phase !== 'Deleting' ? (
              <button
                type="button"
                className={buttonClass('secondary')}
                disabled={restart.isPending}
                onClick={() => restart.mutate()}
              >
                {restart.isPending ? 'Restarting…' : 'Restart'}
              </button>
            ) : null}
            {can(d, 'deploy:delete') && d.phase !== 'Deleting' ? (
              <DeleteButton
                label="Delete"
                title={`Delete ${d.name}?`}
                confirmLabel="Delete deployment"
                mutation={remove}
                onConfirm={(close) =>
                  remove.mutate(undefined, {
                    onSuccess: () => {
                      close();
                      void navigate('/deployments');
                    },
                  })
                }
              >
                Its services, URL and data volumes are removed from the cluster. This cannot be undone.
              </DeleteButton>
            ) : null}
          </>
        }
      />
      <BackLink to="/deployments">Deployments</BackLink>
      <div aria-live="polite">
        {restart.isError ? <ErrorNotice title="Could not restart" error={restart.error} /> : null}
      </div>

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-6">
          <section aria-labelledby="dep-status" className={`${cardClass} p-5`}>
            <div className="flex flex-wrap items-center justify-between gap-3">
              <h2 id="dep-status" className="font-semibold text-slate-900">
                Status
              </h2>
              <span className="flex items-center gap-3">
                <LiveIndicator status={live} />
                <span aria-live="polite">
                  <PhaseBadge phase={d.phase} />
                </span>
              </span>
            </div>
            <div className="mt-4">
              {d.phase === 'Error' ? (
                <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-900">
                  {d.message || 'The deployment failed; see the conditions below.'}
                </p>
              ) : d.phase === 'Deleting' ? (
                <p className="text-sm text-slate-600">Being removed from the cluster…</p>
              ) : (
                <PhaseProgress deployment={d} />
              )}
              {d.message && d.phase !== 'Error' && isSettling(d.phase) ? (
                <p className="mt-3 text-sm text-slate-600">{d.message}</p>
              ) : null}
            </div>
            {url ? (
              <p className="mt-4 text-sm">
                <span className="text-slate-500">URL </span>
                {d.urls.map((u) => (
                  <a
                    key={u}
                    href={u}
                    target="_blank"
                    rel="noreferrer"
                    className="mr-3 break-all text-brand underline-offset-2 hover:underline"
                  >
                    {u}
                  </a>
                ))}
              </p>
            ) : null}
          </section>

          <CardSection id="dep-services" title="Services">
            {d.services.length === 0 ? (
              <p className="px-5 py-4 text-sm text-slate-600">No services reported yet.</p>
            ) : (
              <ul className="divide-y divide-slate-100">
                {d.services.map((s) => (
                  <ServiceRow
                    key={`${s.name}-${s.image}-${s.replicas}`}
                    deploymentId={d.id}
                    service={s}
                    editable={editable}
                  />
                ))}
              </ul>
            )}
          </CardSection>

          <DeploymentSettings key={d.generation} deployment={d} editable={editable} />

          <section aria-labelledby="dep-logs" className={`${cardClass} p-5`}>
            <h2 id="dep-logs" className="font-semibold text-slate-900">
              Logs and metrics
            </h2>
            <p className="mt-1 text-sm text-slate-600">
              Live logs per service and pod, and CPU/memory charts, stream here once log and metric streaming
              is enabled on this installation.
            </p>
          </section>
        </div>

        <CardSection id="dep-conditions" title="Conditions" as="aside" className="h-fit">
          {d.conditions.length === 0 ? (
            <p className="px-5 py-4 text-sm text-slate-600">
              None reported yet{d.phase === 'Pending' ? ' — waiting for the cluster.' : '.'}
            </p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {d.conditions.map((c) => (
                <li key={c.type} className="px-5 py-2.5">
                  <p className="flex justify-between gap-2">
                    <span className="font-medium text-slate-900">{c.type}</span>
                    <span className={c.status === 'True' ? 'text-emerald-700' : 'text-amber-700'}>
                      {c.status}
                    </span>
                  </p>
                  {c.reason || c.message ? (
                    <p className="text-xs text-slate-500">
                      {[c.reason, c.message].filter(Boolean).join(': ')}
                    </p>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          <dl className="space-y-1 border-t border-slate-100 px-5 py-3 text-xs text-slate-500">
            <div className="flex justify-between gap-2">
              <dt>Namespace</dt>
              <dd className="truncate font-mono">{d.namespace}</dd>
            </div>
            <div className="flex justify-between gap-2">
              <dt>Observed generation</dt>
              <dd>
                {d.observedGeneration ?? '—'} / {d.generation}
              </dd>
            </div>
            {d.restartedAt ? (
              <div className="flex justify-between gap-2">
                <dt>Last restart</dt>
                <dd>{new Date(d.restartedAt).toLocaleString()}</dd>
              </div>
            ) : null}
          </dl>
        </CardSection>
      </div>
    </>
  );
}
