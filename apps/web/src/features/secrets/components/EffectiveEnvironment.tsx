import { QueryState } from '../../../components/QueryState';
import { cardClass } from '../../../components/ui/styles';
import { TableHead } from '../../../components/ui/TableHead';
import { tierLabels } from '../secrets.scope';
import { useEffectiveEnvironment } from '../useSecrets';

const tone = {
  organization: 'bg-violet-50 text-violet-800',
  deployment: 'bg-sky-50 text-sky-800',
  service: 'bg-slate-100 text-slate-700',
} as const;

/** The environment one container gets: each key once, the tier it comes from, and the tiers it shadows. */
export function EffectiveEnvironment({ deploymentId, service }: { deploymentId: string; service: string }) {
  const env = useEffectiveEnvironment(deploymentId, service);
  return (
    <section aria-labelledby={`env-${service}`} className={cardClass}>
      <header className="border-b border-slate-100 px-5 py-3">
        <h2 id={`env-${service}`} className="font-semibold text-slate-900">
          Effective environment of {service}
        </h2>
        <p className="text-sm text-slate-500">
          Organization beats deployment, which beats service. Keys only.
        </p>
      </header>
      <QueryState
        query={env}
        loadingLabel="Loading environment"
        errorTitle="Could not load the environment"
        className="p-5"
        isEmpty={(data) => data.keys.length === 0}
        empty={<p className="px-5 py-4 text-sm text-slate-600">No secrets reach this container.</p>}
      >
        {(data) => (
          <table className="w-full text-left text-sm">
            <TableHead columns={['Key', 'From', 'Shadows']} />
            <tbody className="divide-y divide-slate-100">
              {data.keys.map((k) => (
                <tr key={k.key}>
                  <td className="px-5 py-2 font-mono text-xs font-semibold break-all text-slate-900">
                    {k.key}
                  </td>
                  <td className="px-2 py-2">
                    <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${tone[k.tier]}`}>
                      {tierLabels[k.tier]}
                    </span>
                  </td>
                  <td className="px-5 py-2 text-xs text-slate-500">
                    {k.shadowed.length === 0
                      ? '—'
                      : k.shadowed.map((s) => (
                          <span key={s.tier} className="mr-2 line-through">
                            {tierLabels[s.tier]}
                            <span className="sr-only"> (overridden)</span>
                          </span>
                        ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
    </section>
  );
}
