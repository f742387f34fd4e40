import { useId, useState } from 'react';
import type { DeploymentSummary } from '@k8s-scheduler/contracts';
import { EmptyState } from '../../components/ui/EmptyState';
import { QueryState } from '../../components/QueryState';
import { PageHeader } from '../../components/ui/PageHeader';
import { Skeleton } from '../../components/ui/Skeleton';
import { SecretsIcon } from '../../components/ui/icons';
import { FormField } from '../../components/ui/FormField';
import { inputClass } from '../../components/ui/styles';
import { useDeployment, useDeployments } from '../deployments/useDeployments';
import { useTeamAccess } from '../teams/useTeamAccess';
import { EffectiveEnvironment } from './components/EffectiveEnvironment';
import { SecretTable } from './components/SecretTable';

const blockSkeleton = <Skeleton className="h-24 w-full" />;

/** The three tiers: the org's secrets, then one deployment's and its services', with the effective environment. */
export function SecretsPage() {
  const { team, org } = useTeamAccess();
  return (
    <>
      <PageHeader
        title="Secrets"
        description="Values are write-only: once saved they are delivered to your containers and never shown again. On a key set at several levels, organization beats deployment beats service."
      />
      {!team ? (
        <EmptyState
          icon={<SecretsIcon />}
          title="Secrets belong to an organization and its deployments"
          action={{ to: '/teams', label: 'Set up a team' }}
        >
          Create or join a team first.
        </EmptyState>
      ) : (
        <div className="space-y-6">
          {org ? (
            <SecretTable
              scope={{ tier: 'organization', orgId: org.id }}
              title={`Organization secrets · ${org.name}`}
              description="Every deployment of every team in the organization receives these."
            />
          ) : (
            <div role="status" aria-label="Loading organization" aria-busy="true">
              {blockSkeleton}
            </div>
          )}
          <DeploymentSecrets teamId={team.id} teamName={team.name} />
        </div>
      )}
    </>
  );
}

function DeploymentSecrets({ teamId, teamName }: { teamId: string; teamName: string }) {
  const deployments = useDeployments(teamId);
  return (
    <QueryState
      query={deployments}
      skeleton={blockSkeleton}
      loadingLabel="Loading deployments"
      errorTitle="Could not load the deployments"
      empty={
        <EmptyState
          icon={<SecretsIcon />}
          title={`No deployments in ${teamName} yet`}
          action={{ to: '/templates', label: 'Deploy a template', variant: 'secondary' }}
        >
          Deployment and service secrets are set per deployment; deploy something first.
        </EmptyState>
      }
    >
      {(list) => <DeploymentPicker deployments={list} />}
    </QueryState>
  );
}

function DeploymentPicker({ deployments }: { deployments: DeploymentSummary[] }) {
  const [picked, setPicked] = useState<string | null>(null);
  const current = deployments.find((d) => d.id === picked) ?? deployments[0];
  if (!current) return null;

  return (
    <div className="space-y-6">
      <Picker
        label="Deployment"
        value={current.id}
        options={deployments.map((d) => ({ value: d.id, label: d.name }))}
        onChange={setPicked}
      />
      <SecretTable
        key={`dep-${current.id}`}
        scope={{ tier: 'deployment', deploymentId: current.id }}
        title={`Deployment secrets · ${current.name}`}
        description="Every service of this deployment receives these."
      />
      <ServiceSecrets deploymentId={current.id} />
    </div>
  );
}

function ServiceSecrets({ deploymentId }: { deploymentId: string }) {
  const detail = useDeployment(deploymentId);
  return (
    <QueryState
      query={detail}
      skeleton={blockSkeleton}
      loadingLabel="Loading services"
      errorTitle="Could not load the services"
    >
      {(data) => <ServicePicker deploymentId={deploymentId} services={data.services.map((s) => s.name)} />}
    </QueryState>
  );
}

function ServicePicker({ deploymentId, services }: { deploymentId: string; services: string[] }) {
  const [picked, setPicked] = useState<string | null>(null);
  const service = services.find((s) => s === picked) ?? services[0];
  if (!service) return <p className="text-sm text-slate-600">This deployment reports no services yet.</p>;

  return (
    <>
      {services.length > 1 ? (
        <Picker
          label="Service"
          value={service}
          options={services.map((s) => ({ value: s, label: s }))}
          onChange={setPicked}
        />
      ) : null}
      <SecretTable
        key={`svc-${deploymentId}-${service}`}
        scope={{ tier: 'service', deploymentId, service }}
        title={`Service secrets · ${service}`}
        description="Only this container receives these."
      />
      <EffectiveEnvironment
        key={`env-${deploymentId}-${service}`}
        deploymentId={deploymentId}
        service={service}
      />
    </>
  );
}

/** Which deployment (or service) the tables below are about. */
function Picker({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: Array<{ value: string; label: string }>;
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <FormField id={id} label={label} className="sm:w-80">
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className={`${inputClass} mt-1`}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FormField>
  );
}
