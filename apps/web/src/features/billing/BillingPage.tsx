import { EmptyState } from '../../components/ui/EmptyState';
import { PageHeader } from '../../components/ui/PageHeader';
import { BillingIcon } from '../../components/ui/icons';
import { cardClass } from '../../components/ui/styles';
import { useSignedInUser } from '../session/meContext';
import { roleLabel, tierLabel } from '../teams/roles';
import { UsageBars } from '../usage/UsageBars';

export function BillingPage() {
  const me = useSignedInUser();
  return (
    <>
      <PageHeader
        title="Billing"
        description="Plans belong to organizations and set what their teams may use."
      />
      {me.orgs.length === 0 ? (
        <EmptyState
          icon={<BillingIcon />}
          title="No organization to bill"
          action={{ to: '/teams', label: 'Set up an organization' }}
        >
          Billing applies to organizations. Once you own one, its plan, limits and invoices appear here.
        </EmptyState>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2">
          {me.orgs.map((org) => (
            <li key={org.id} className={`${cardClass} p-5`}>
              <div className="flex items-start justify-between gap-3">
                <div className="min-w-0">
                  <h2 className="truncate font-semibold text-slate-900">{org.name}</h2>
                  <p className="text-sm text-slate-500">Your role: {roleLabel(org.role)}</p>
                </div>
                <span className="shrink-0 rounded-full bg-brand/10 px-2.5 py-0.5 text-xs font-semibold text-brand">
                  {tierLabel(org.tier)}
                </span>
              </div>
              <div className="mt-4">
                <UsageBars orgId={org.id} />
              </div>
              <p className="mt-4 text-sm text-slate-600">
                Online payment is not set up on this platform yet: a platform or client administrator changes
                the plan.
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
