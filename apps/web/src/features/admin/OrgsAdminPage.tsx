import { useId, useState, type FormEvent } from 'react';
import type { AdminOrg } from '@k8s-scheduler/contracts';
import { NotFoundPage } from '../../components/NotFoundPage';
import { QueryState } from '../../components/QueryState';
import { EmptyState } from '../../components/ui/EmptyState';
import { ErrorNotice } from '../../components/ui/ErrorNotice';
import { FormField, fieldAria } from '../../components/ui/FormField';
import { PageHeader } from '../../components/ui/PageHeader';
import { TableHead } from '../../components/ui/TableHead';
import { buttonClass, cardClass, inputClass } from '../../components/ui/styles';
import { useSignedInUser } from '../session/meContext';
import { administersClients, type Tier } from './admin.api';
import { reasonError, usageText } from './orgs.api';
import { useAdminOrgs, useDedicatedNodes, useSetOrgTier } from './useAdminOrgs';

const TIERS: readonly Tier[] = ['free', 'business', 'enterprise'];

/**
 * The admin area's organizations: every org (platform admin) or the client's (client admin), with
 * tier, use, members and owner; a tier set by hand with its reason; an enterprise org's nodes.
 */
export function OrgsAdminPage() {
  const me = useSignedInUser();
  const allowed = administersClients(me);
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const orgs = useAdminOrgs(q);
  const searchId = useId();
  if (!allowed) return <NotFoundPage />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setQ(search.trim());
  };

  return (
    <>
      <PageHeader
        title="Organizations"
        description={
          me.user.isPlatformAdmin
            ? 'Every organization on the platform, direct and of white-label clients.'
            : 'The organizations of the client you administer.'
        }
      />
      <form role="search" onSubmit={submit} className="mb-4 flex items-end gap-2">
        <FormField id={searchId} label="Search by name or slug" className="grow">
          <input
            id={searchId}
            type="search"
            className={inputClass}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </FormField>
        <button type="submit" className={buttonClass('secondary')}>
          Search
        </button>
      </form>
      <div className={cardClass}>
        <QueryState
          query={orgs}
          skeleton="lines"
          className="p-5"
          loadingLabel="Loading organizations"
          errorTitle="Could not load the organizations"
          isEmpty={(data) => data.pages.every((p) => p.items.length === 0)}
          empty={
            <EmptyState title={q ? 'No organization matches' : 'No organizations yet'}>
              {q
                ? `Nothing has "${q}" in its name or slug.`
                : 'Organizations appear here once users create them.'}
            </EmptyState>
          }
        >
          {(data) => (
            <div className="overflow-x-auto">
              <table className="w-full min-w-[48rem] text-left text-sm">
                <caption className="sr-only">Organizations</caption>
                <TableHead columns={['Organization', 'Tier', 'Owner', 'Members', 'Deployments', 'Actions']} />
                <tbody className="divide-y divide-slate-100">
                  {data.pages
                    .flatMap((p) => p.items)
                    .map((o) => (
                      <OrgRow key={o.id} org={o} />
                    ))}
                </tbody>
              </table>
            </div>
          )}
        </QueryState>
        {orgs.hasNextPage ? (
          <div className="border-t border-slate-100 px-5 py-3">
            <button
              type="button"
              className={buttonClass('secondary', 'sm')}
              disabled={orgs.isFetchingNextPage}
              onClick={() => void orgs.fetchNextPage()}
            >
              {orgs.isFetchingNextPage ? 'Loading…' : 'More organizations'}
            </button>
          </div>
        ) : null}
      </div>
    </>
  );
}

function OrgRow({ org }: { org: AdminOrg }) {
  const [open, setOpen] = useState<'tier' | 'nodes' | null>(null);
  const toggle = (which: 'tier' | 'nodes') => setOpen((v) => (v === which ? null : which));
  return (
    <>
      <tr>
        <td className="px-5 py-2">
          <div className="font-medium text-slate-900">{org.name}</div>
          <div className="font-mono text-xs text-slate-500">{org.slug}</div>
        </td>
        <td className="px-2 py-2 capitalize">
          {org.tier} <span className="text-xs text-slate-500">({org.isolation})</span>
        </td>
        <td className="px-2 py-2 text-slate-600">{org.owner ? org.owner.email : 'No owner'}</td>
        <td className="px-2 py-2">{org.members}</td>
        <td className="px-2 py-2">{usageText(org.deployments)}</td>
        <td className="space-x-2 px-5 py-2 whitespace-nowrap">
          <button
            type="button"
            className={buttonClass('secondary', 'sm')}
            aria-expanded={open === 'tier'}
            onClick={() => toggle('tier')}
          >
            Set tier<span className="sr-only"> of {org.name}</span>
          </button>
          {org.isolation === 'dedicated' ? (
            <button
              type="button"
              className={buttonClass('secondary', 'sm')}
              aria-expanded={open === 'nodes'}
              onClick={() => toggle('nodes')}
            >
              Nodes<span className="sr-only"> of {org.name}</span>
            </button>
          ) : null}
        </td>
      </tr>
      {open ? (
        <tr>
          <td colSpan={6} className="bg-slate-50 px-5 py-4">
            {open === 'tier' ? (
              <TierForm org={org} onDone={() => setOpen(null)} />
            ) : (
              <DedicatedNodesPanel orgId={org.id} />
            )}
          </td>
        </tr>
      ) : null}
    </>
  );
}

function TierForm({ org, onDone }: { org: AdminOrg; onDone: () => void }) {
  const [tier, setTier] = useState<Tier>(org.tier);
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const setOrgTier = useSetOrgTier(org.id);
  const tierId = useId();
  const reasonId = useId();
  const error = touched ? reasonError(reason) : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (reasonError(reason)) return;
    setOrgTier.mutate({ tier, reason: reason.trim() }, { onSuccess: onDone });
  };

  return (
    <form onSubmit={submit} className="grid gap-3 sm:grid-cols-[12rem_1fr_auto] sm:items-start" noValidate>
      <FormField id={tierId} label="Tier">
        <select
          id={tierId}
          className={inputClass}
          value={tier}
          onChange={(e) => setTier(e.target.value as Tier)}
        >
          {TIERS.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </FormField>
      <FormField id={reasonId} label="Reason" hint="Kept in the audit log with your name." error={error}>
        <input
          {...fieldAria(reasonId, error)}
          className={inputClass}
          value={reason}
          required
          maxLength={500}
          onChange={(e) => setReason(e.target.value)}
          onBlur={() => setTouched(true)}
        />
      </FormField>
      <div className="flex gap-2 sm:pt-6">
        <button type="submit" className={buttonClass('primary', 'sm')} disabled={setOrgTier.isPending}>
          {setOrgTier.isPending ? 'Saving…' : 'Set tier'}
        </button>
        <button type="button" className={buttonClass('secondary', 'sm')} onClick={onDone}>
          Cancel
        </button>
      </div>
      {setOrgTier.isError ? (
        <div className="sm:col-span-3">
          <ErrorNotice error={setOrgTier.error} title="The tier was not changed" />
        </div>
      ) : null}
    </form>
  );
}

function DedicatedNodesPanel({ orgId }: { orgId: string }) {
  const nodes = useDedicatedNodes(orgId);
  return (
    <QueryState
      query={nodes}
      loadingLabel="Loading the dedicated nodes"
      errorTitle="Could not load the dedicated nodes"
      isEmpty={() => false}
    >
      {(d) => (
        <div className="space-y-3 text-sm">
          {d.warning ? (
            <p
              role="alert"
              className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900"
            >
              {d.warning}
            </p>
          ) : null}
          {d.nodes.length ? (
            <ul aria-label="Dedicated nodes" className="space-y-1">
              {d.nodes.map((n) => (
                <li key={n.name}>
                  <span className="font-mono">{n.name}</span>{' '}
                  <span className="text-slate-600">
                    {n.ready ? 'Ready' : 'Not ready'}
                    {n.schedulable ? '' : ' · cordoned'}
                    {n.tainted ? ' · tainted for this org' : ' · not tainted (other orgs may use it)'}
                  </span>
                </li>
              ))}
            </ul>
          ) : d.kubernetes === 'connected' ? (
            <p className="text-slate-600">No node is labelled for this organization.</p>
          ) : null}
          <div>
            <p className="font-medium text-slate-800">Dedicate a node to this organization</p>
            <pre className="mt-1 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">
              {d.howTo.join('\n')}
            </pre>
          </div>
        </div>
      )}
    </QueryState>
  );
}
