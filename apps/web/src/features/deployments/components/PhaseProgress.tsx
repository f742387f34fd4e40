import type { DeploymentDetail } from '@k8s-scheduler/contracts';

const path = ['Pending', 'Provisioning', 'Ready'] as const;

/** Where a deployment is on its way to Ready, with the conditions still holding it back. */
export function PhaseProgress({ deployment: d }: { deployment: DeploymentDetail }) {
  const reached = path.indexOf(d.phase as (typeof path)[number]);
  const waiting = d.conditions.filter((c) => c.status !== 'True');
  return (
    <div>
      <ol className="flex items-center gap-2 text-sm" aria-label="Progress">
        {path.map((p, i) => {
          const done = reached >= i;
          return (
            <li key={p} className="flex items-center gap-2" aria-current={d.phase === p ? 'step' : undefined}>
              {i > 0 ? (
                <span
                  aria-hidden="true"
                  className={`h-px w-6 sm:w-10 ${done ? 'bg-brand' : 'bg-slate-300'}`}
                />
              ) : null}
              <span
                className={`rounded-full px-2.5 py-0.5 font-medium ${
                  d.phase === p
                    ? 'bg-brand text-brand-fg'
                    : done
                      ? 'bg-brand/10 text-brand'
                      : 'bg-slate-100 text-slate-600'
                }`}
              >
                {p}
              </span>
            </li>
          );
        })}
      </ol>
      {waiting.length > 0 ? (
        <ul className="mt-3 space-y-1 text-sm text-slate-600">
          {waiting.map((c) => (
            <li key={c.type}>
              <span className="font-medium text-slate-800">{c.type}</span>:{' '}
              {c.message || c.reason || 'waiting'}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
