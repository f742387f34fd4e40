import { useState } from 'react';
import { Link } from 'react-router';
import { createOrgBodySchema, createTeamBodySchema } from '@k8s-scheduler/contracts';
import type { Org } from '@k8s-scheduler/contracts';
import { EmptyState } from '../../components/ui/EmptyState';
import { PageHeader } from '../../components/ui/PageHeader';
import { QueryState } from '../../components/QueryState';
import { ArrowRightIcon, PlusIcon, TeamsIcon } from '../../components/ui/icons';
import { buttonClass, cardClass } from '../../components/ui/styles';
import { can } from '../../lib/abilities';
import { useSignedInUser } from '../session/meContext';
import { NameForm } from './components/NameForm';
import { roleLabel, tierLabel } from './roles';
import { useCreateOrg, useCreateTeam, useOrgTeams, useOrgs } from './useTeams';

export function TeamsPage() {
  const orgs = useOrgs();
  const createOrg = useCreateOrg();
  const [creatingOrg, setCreatingOrg] = useState(false);

  const orgForm = (
    <NameForm
      schema={createOrgBodySchema}
      label="Organization name"
      placeholder="Acme Inc."
      submitLabel="Create organization"
      pending={createOrg.isPending}
      error={createOrg.error}
      onSubmit={(body) => createOrg.mutate(body, { onSuccess: () => setCreatingOrg(false) })}
      {...(orgs.data?.length ? { onCancel: () => setCreatingOrg(false) } : {})}
    />
  );

  return (
    <>
      <PageHeader
        title="Teams"
        description="Organizations you belong to, their teams, and who is in them."
        actions={
          orgs.data?.length && !creatingOrg ? (
            <button type="button" className={buttonClass('secondary')} onClick={() => setCreatingOrg(true)}>
              <PlusIcon className="size-4" /> New organization
            </button>
          ) : null
        }
      />
      <QueryState
        query={orgs}
        skeleton="page"
        loadingLabel="Loading organizations"
        errorTitle="Could not load your organizations"
        empty={
          <EmptyState icon={<TeamsIcon />} title="Create your organization">
            <p>
              An organization holds your teams, their deployments and your plan. You will be its owner. Were
              you invited instead? Open the link in the invitation email.
            </p>
            <div className="mt-6 text-left">{orgForm}</div>
          </EmptyState>
        }
      >
        {(list) => (
          <div className="space-y-6">
            {creatingOrg ? (
              <section className={`${cardClass} p-5`} aria-label="New organization">
                {orgForm}
              </section>
            ) : null}
            {list.map((org) => (
              <OrgSection key={org.id} org={org} />
            ))}
          </div>
        )}
      </QueryState>
    </>
  );
}

function OrgSection({ org }: { org: Org }) {
  const me = useSignedInUser();
  const teams = useOrgTeams(org.id);
  const createTeam = useCreateTeam(org.id);
  const [creating, setCreating] = useState(false);
  const headingId = `org-${org.id}`;

  return (
    <section aria-labelledby={headingId} className={cardClass}>
      <header className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-100 px-5 py-4">
        <div className="min-w-0">
          <h2 id={headingId} className="truncate font-semibold text-slate-900">
            <Link to={`/orgs/${org.id}`} className="hover:underline">
              {org.name}
            </Link>
          </h2>
          <p className="text-sm text-slate-500">
            {org.role ? roleLabel(org.role) : 'Team access'} · {tierLabel(org.tier)} plan
          </p>
        </div>
        {can(org, 'team:create') && !creating ? (
          <button type="button" className={buttonClass('secondary', 'sm')} onClick={() => setCreating(true)}>
            <PlusIcon className="size-4" /> New team
          </button>
        ) : null}
      </header>
      {creating ? (
        <div className="border-b border-slate-100 px-5 py-4">
          <NameForm
            schema={createTeamBodySchema}
            label="Team name"
            placeholder="Platform"
            submitLabel="Create team"
            pending={createTeam.isPending}
            error={createTeam.error}
            onSubmit={(body) => createTeam.mutate(body, { onSuccess: () => setCreating(false) })}
            onCancel={() => setCreating(false)}
          />
        </div>
      ) : null}
      <QueryState
        query={teams}
        loadingLabel="Loading teams"
        errorTitle="Could not load the teams"
        className="px-5 py-4"
        empty={
          <p className="px-5 py-4 text-sm text-slate-600">
            No teams yet. Teams hold deployments and their members
            {can(org, 'team:create') ? ' — create the first one.' : '.'}
          </p>
        }
      >
        {(list) => (
          <ul className="divide-y divide-slate-100">
            {list.map((team) => (
              <li key={team.id}>
                <Link
                  to={`/teams/${team.id}`}
                  className="flex items-center justify-between gap-3 px-5 py-3 text-sm hover:bg-slate-50 focus-visible:bg-slate-50"
                >
                  <span className="min-w-0">
                    <span className="font-medium text-slate-900">{team.name}</span>
                    {me.currentTeamId === team.id ? (
                      <span className="ml-2 rounded-full bg-brand/10 px-2 py-0.5 text-xs font-medium text-brand">
                        Current
                      </span>
                    ) : null}
                  </span>
                  <span className="flex shrink-0 items-center gap-2 text-slate-500">
                    {team.role
                      ? roleLabel(team.role)
                      : org.role === 'org_owner' || org.role === 'org_admin'
                        ? 'Team admin (org)'
                        : ''}
                    <ArrowRightIcon className="size-4" />
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}
