import { Link } from 'react-router';
import type { OrgUsage } from '@k8s-scheduler/contracts';
import { QueryState } from '../../components/QueryState';
import { Skeleton } from '../../components/ui/Skeleton';
import { atLimit, usagePercent, usageText } from './usage.format';
import { useOrgUsage } from './useOrgUsage';

const LINES: Array<{
  key: keyof Pick<OrgUsage, 'deployments' | 'members' | 'cpu' | 'memory'>;
  label: string;
}> = [
  { key: 'deployments', label: 'Deployments' },
  { key: 'members', label: 'Members' },
  { key: 'cpu', label: 'CPU requested' },
  { key: 'memory', label: 'Memory requested' },
];

/** Bars of an org's use of its tier's limits, with a note when a limit blocks new work. */
export function UsageBars({ orgId, linkToPlans = false }: { orgId: string; linkToPlans?: boolean }) {
  const usage = useOrgUsage(orgId);
  return (
    <QueryState
      query={usage}
      loadingLabel="Loading plan usage"
      errorTitle="Plan usage could not be loaded"
      skeleton={LINES.map((l) => (
        <Skeleton key={l.key} className="h-8" />
      ))}
    >
      {(data) => <UsageLines usage={data} linkToPlans={linkToPlans} />}
    </QueryState>
  );
}

function UsageLines({ usage, linkToPlans }: { usage: OrgUsage; linkToPlans: boolean }) {
  const blocked = LINES.filter((l) => l.key !== 'members' && atLimit(usage[l.key]));
  return (
    <div className="space-y-3">
      {LINES.map(({ key, label }) => {
        const line = usage[key];
        const pct = usagePercent(line);
        const full = atLimit(line);
        return (
          <div key={key}>
            <div className="flex justify-between gap-3 text-sm">
              <span className="text-slate-600">{label}</span>
              <span className={full ? 'font-medium text-amber-700' : 'text-slate-900'}>
                {usageText(line)}
              </span>
            </div>
            {pct !== null ? (
              <div
                role="progressbar"
                aria-label={`${label}: ${usageText(line)}`}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={pct}
                className="mt-1 h-2 overflow-hidden rounded-full bg-slate-100"
              >
                <div
                  className={`h-full rounded-full ${full ? 'bg-amber-500' : 'bg-brand'}`}
                  style={{ width: `${pct}%` }}
                />
              </div>
            ) : null}
          </div>
        );
      })}
      {blocked.length > 0 ? (
        <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-800">
          The {blocked.map((b) => b.label.toLowerCase()).join(' and ')} limit of the plan is reached: new
          deployments are blocked until use is under the limit again or the plan is raised. Running
          deployments keep running.
          {linkToPlans ? (
            <>
              {' '}
              <Link to="/billing" className="font-medium underline">
                See plans
              </Link>
            </>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}
