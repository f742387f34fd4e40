import { Link } from 'react-router';
import { EmptyState } from '../../components/ui/EmptyState';
import { PageHeader } from '../../components/ui/PageHeader';
import { SecretsIcon } from '../../components/ui/icons';
import { buttonClass, cardClass } from '../../components/ui/styles';

const tiers = [
  { name: 'Organization', scope: 'Every deployment of the organization', wins: 'Highest precedence' },
  { name: 'Deployment', scope: 'Every service of one deployment', wins: 'Overrides service secrets' },
  { name: 'Service', scope: 'One container of one deployment', wins: 'Lowest precedence' },
] as const;

export function SecretsPage() {
  return (
    <>
      <PageHeader
        title="Secrets"
        description="Values are write-only: once saved they are delivered to your containers and never shown again."
      />
      <div className="space-y-6">
        <ol className="grid gap-4 sm:grid-cols-3" aria-label="Secret tiers, highest precedence first">
          {tiers.map((tier, i) => (
            <li key={tier.name} className={`${cardClass} p-4`}>
              <p className="text-xs font-semibold tracking-wide text-brand uppercase">Tier {i + 1}</p>
              <h2 className="mt-1 font-semibold text-slate-900">{tier.name}</h2>
              <p className="mt-1 text-sm text-slate-600">{tier.scope}</p>
              <p className="mt-2 text-xs text-slate-500">{tier.wins}</p>
            </li>
          ))}
        </ol>
        <EmptyState
          icon={<SecretsIcon />}
          title="No secrets stored yet"
          actions={
            <Link to="/deployments" className={buttonClass('secondary')}>
              Go to deployments
            </Link>
          }
        >
          Organization secrets are set here; deployment and service secrets belong to a deployment. The effective environment of
          each service — which tier every key comes from and which keys are shadowed — will be shown here, keys only.
        </EmptyState>
      </div>
    </>
  );
}
