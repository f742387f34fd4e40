import { Link } from 'react-router';
import type { DeploymentSummary } from '@k8s-scheduler/contracts';
import { can } from '../../../lib/abilities';
import { userMessage } from '../../../lib/api';
import { buttonClass, cardClass } from '../../../components/ui/styles';
import { useDeploymentActions } from '../useDeployments';
import { PhaseBadge } from './PhaseBadge';

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "3 minutes ago" for an ISO time (coarse: seconds, minutes, hours, days). */
export function timeAgo(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  if (Number.isNaN(seconds)) return '';
  const abs = Math.abs(seconds);
  if (abs < 60) return relative.format(seconds, 'second');
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return relative.format(Math.round(seconds / 3600), 'hour');
  return relative.format(Math.round(seconds / 86400), 'day');
}

/** One deployment at a glance: live phase, URL, template, and the quick actions the caller may take. */
export function DeploymentCard({ deployment: d }: { deployment: DeploymentSummary }) {
  const actions = useDeploymentActions(d.id);
  const url = d.urls[0];
  return (
    <li className={`${cardClass} flex flex-col p-5`}>
      <div className="flex items-start justify-between gap-3">
        <h3 className="min-w-0 truncate font-semibold text-slate-900">
          <Link to={`/deployments/${d.id}`} className="hover:underline">
            {d.name}
          </Link>
        </h3>
        <PhaseBadge phase={d.phase} />
      </div>
      <p className="mt-1 text-xs text-slate-500">
        {d.templateName} · revision {d.templateVersion} · updated {timeAgo(d.updatedAt)}
      </p>
      {url ? (
        <a
          href={url}
          target="_blank"
          rel="noreferrer"
          className="mt-3 truncate text-sm text-brand underline-offset-2 hover:underline"
        >
          {url.replace(/^https?:\/\//, '')}
        </a>
      ) : (
        <p className="mt-3 text-sm text-slate-500">No public URL yet</p>
      )}
      {d.phase === 'Error' && d.message ? (
        <p className="mt-2 line-clamp-2 text-sm text-red-700">{d.message}</p>
      ) : null}
      <div className="mt-4 flex flex-wrap gap-2">
        <Link
          to={`/deployments/${d.id}`}
          className={buttonClass('secondary', 'sm')}
          aria-label={`Details of ${d.name}`}
        >
          Details
        </Link>
        {can(d, 'deploy:restart') && d.phase !== 'Deleting' ? (
          <button
            type="button"
            className={buttonClass('ghost', 'sm')}
            disabled={actions.restart.isPending}
            onClick={() => actions.restart.mutate()}
            aria-label={`Restart ${d.name}`}
          >
            {actions.restart.isPending ? 'Restarting…' : 'Restart'}
          </button>
        ) : null}
      </div>
      <div aria-live="polite">
        {actions.restart.isError ? (
          <p className="mt-2 text-sm text-red-700">{userMessage(actions.restart.error)}</p>
        ) : null}
      </div>
    </li>
  );
}
