import { PageHeader } from '../../components/ui/PageHeader';
import { cardClass } from '../../components/ui/styles';
import { useConfig } from '../config/useConfig';
import { useSignedInUser } from '../session/meContext';
import { useOrgs } from '../teams/useTeams';
import { ApiKeys } from './components/ApiKeys';
import { AuditLog } from './components/AuditLog';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'long' });

export function SettingsPage() {
  const { user } = useSignedInUser();
  const config = useConfig();
  const orgs = useOrgs();
  const created = new Date(user.createdAt);

  return (
    <>
      <PageHeader
        title="Settings"
        description="Your profile, API keys, and the audit log of the organizations you administer."
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="settings-profile" className={`${cardClass} p-5`}>
          <h2 id="settings-profile" className="font-semibold text-slate-900">
            Profile
          </h2>
          <p className="mt-1 text-sm text-slate-500">Managed by your sign-in provider.</p>
          <dl className="mt-4 space-y-3 text-sm">
            <Row label="Name" value={user.name || '—'} />
            <Row label="Email" value={user.email} />
            <Row
              label="Member since"
              value={Number.isNaN(created.getTime()) ? '—' : dateFormat.format(created)}
            />
            {user.isPlatformAdmin ? <Row label="Platform role" value="Platform admin" /> : null}
          </dl>
        </section>
        <section aria-labelledby="settings-platform" className={`${cardClass} p-5`}>
          <h2 id="settings-platform" className="font-semibold text-slate-900">
            Installation
          </h2>
          <p className="mt-1 text-sm text-slate-500">How this platform is set up.</p>
          {config.data ? (
            <dl className="mt-4 space-y-3 text-sm">
              <Row label="Version" value={config.data.version} />
              <Row label="Apps are served under" value={`*.${config.data.deploymentDomain}`} />
              <Row
                label="Kubernetes"
                value={config.data.features.kubernetes ? 'Connected' : 'Not configured'}
              />
              <Row
                label="Billing"
                value={config.data.features.billing ? 'Stripe' : 'Plans set by administrators'}
              />
              <Row label="Email" value={config.data.features.email ? 'Enabled' : 'Not configured'} />
            </dl>
          ) : (
            <p className="mt-4 text-sm text-slate-600">Installation details are unavailable right now.</p>
          )}
        </section>
        <ApiKeys />
        {(orgs.data ?? [])
          .filter((o) => o.abilities.includes('audit:read'))
          .map((o) => (
            <AuditLog key={o.id} org={o} />
          ))}
      </div>
    </>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <div className="flex flex-wrap justify-between gap-x-4 gap-y-0.5">
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 font-medium break-all text-slate-900">{value}</dd>
    </div>
  );
}
