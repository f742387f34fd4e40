import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { parseTemplateYaml } from '@k8s-scheduler/domain';
import type { TemplateEnvVar } from '@k8s-scheduler/domain';
import type { TemplateDetail } from '@k8s-scheduler/contracts';
import { EmptyState } from '../../components/ui/EmptyState';
import { ErrorNotice } from '../../components/ui/ErrorNotice';
import { PageHeader } from '../../components/ui/PageHeader';
import { PageQueryState } from '../../components/QueryState';
import { PageSkeleton } from '../../components/ui/Skeleton';
import { DeploymentsIcon } from '../../components/ui/icons';
import { buttonClass, cardClass, inputClass, labelClass } from '../../components/ui/styles';
import { useConfig } from '../config/useConfig';
import { useTeamAccess } from '../teams/useTeamAccess';
import { useTemplate } from '../templates/useTemplates';
import {
  deploymentNameSchema,
  envVarsDefaults,
  envVarsFormSchema,
  splitEnvValues,
} from './deployments.envForm';
import type { EnvFormValues } from './deployments.envForm';
import { useDeploymentEvents } from './useDeploymentEvents';
import { useCreateDeployment } from './useDeployments';

type WizardValues = { name: string; env: EnvFormValues };
const steps = ['Template', 'Settings', 'Review'] as const;

/** Template → settings (a form generated from its env vars) → review → deploy, then live progress. */
export function DeployWizardPage() {
  const { templateId = '' } = useParams();
  const template = useTemplate(templateId);
  const access = useTeamAccess();

  return (
    <PageQueryState query={template} thing="template">
      {(data) =>
        access.loading ? (
          <PageSkeleton label="Loading template" />
        ) : !access.team || !access.teamAbilities.includes('deploy:create') ? (
          <>
            <PageHeader title={`Deploy ${data.displayName}`} />
            <EmptyState icon={<DeploymentsIcon />} title="You cannot deploy in this team">
              Deploying needs the developer or team admin role in the current team
              {access.team ? ` (${access.team.name})` : ''}. Switch teams, or ask a team admin.
            </EmptyState>
          </>
        ) : (
          <Wizard template={data} teamId={access.team.id} teamName={access.team.name} />
        )
      }
    </PageQueryState>
  );
}

function Wizard({
  template,
  teamId,
  teamName,
}: {
  template: TemplateDetail;
  teamId: string;
  teamName: string;
}) {
  const navigate = useNavigate();
  const config = useConfig();
  const create = useCreateDeployment();
  // Connected before the deploy, so the progress page it leads to is live from its first second.
  useDeploymentEvents(teamId);
  const [step, setStep] = useState<1 | 2>(1);
  const envVars: TemplateEnvVar[] = useMemo(() => {
    const parsed = parseTemplateYaml(template.yaml);
    return parsed.ok ? parsed.template.envVars : [];
  }, [template.yaml]);
  const schema = useMemo(
    () => z.object({ name: z.union([z.literal(''), deploymentNameSchema]), env: envVarsFormSchema(envVars) }),
    [envVars],
  );
  const form = useForm<WizardValues>({
    resolver: zodResolver(schema),
    defaultValues: { name: '', env: envVarsDefaults(envVars) },
    mode: 'onTouched',
  });
  const values = form.watch();
  const { errors } = form.formState;

  const deploy = () => {
    const { env, secrets } = splitEnvValues(envVars, values.env);
    create.mutate(
      {
        templateId: template.id,
        teamId,
        inputs: env,
        secrets,
        ...(values.name ? { name: values.name } : {}),
      },
      { onSuccess: (d) => void navigate(`/deployments/${d.id}`, { replace: true }) },
    );
  };

  return (
    <>
      <PageHeader
        title={`Deploy ${template.displayName}`}
        description={`Into ${teamName}. ${template.description}`}
      />
      <ol className="mb-6 flex flex-wrap gap-2 text-sm" aria-label="Steps">
        {steps.map((label, i) => (
          <li
            key={label}
            aria-current={i === step ? 'step' : undefined}
            className={`flex items-center gap-2 rounded-full px-3 py-1 ${i === step ? 'bg-brand text-brand-fg' : i < step ? 'bg-brand/10 text-brand' : 'bg-slate-100 text-slate-600'}`}
          >
            <span className="font-semibold">{i + 1}</span> {label}
          </li>
        ))}
      </ol>

      {step === 1 ? (
        <form
          noValidate
          onSubmit={form.handleSubmit(() => setStep(2))}
          className={`${cardClass} space-y-5 p-5 sm:p-6`}
        >
          <div>
            <label htmlFor="deploy-name" className={labelClass}>
              Name <span className="font-normal text-slate-500">(optional)</span>
            </label>
            <input
              id="deploy-name"
              autoComplete="off"
              placeholder="generated, e.g. swift-otter-x7k2"
              aria-invalid={errors.name ? true : undefined}
              aria-describedby="deploy-name-hint"
              className={`${inputClass} mt-1 sm:max-w-sm`}
              {...form.register('name')}
            />
            <p
              id="deploy-name-hint"
              className={`mt-1 text-sm ${errors.name ? 'text-red-700' : 'text-slate-500'}`}
            >
              {errors.name?.message ??
                `Lowercase letters, digits and dashes. The app will be at https://${values.name || '<name>'}.${config.data?.deploymentDomain ?? '…'}`}
            </p>
          </div>
          {envVars.length === 0 ? (
            <p className="text-sm text-slate-600">This template needs no settings.</p>
          ) : (
            <fieldset className="space-y-4">
              <legend className="text-sm font-semibold text-slate-900">Settings</legend>
              {envVars.map((v) => {
                const id = `env-${v.name}`;
                const error = errors.env?.[v.name];
                return (
                  <div key={v.name}>
                    <label htmlFor={id} className={labelClass}>
                      <code className="font-mono text-xs">{v.name}</code>
                      {v.required ? (
                        <span className="ml-1 text-red-700" aria-hidden="true">
                          *
                        </span>
                      ) : (
                        <span className="font-normal text-slate-500"> (optional)</span>
                      )}
                      {v.secret ? (
                        <span className="ml-2 rounded bg-slate-900 px-1.5 py-0.5 text-xs text-white">
                          {' '}
                          secret
                        </span>
                      ) : null}
                    </label>
                    <input
                      id={id}
                      type={v.secret ? 'password' : 'text'}
                      autoComplete={v.secret ? 'new-password' : 'off'}
                      aria-required={v.required}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={`${id}-hint`}
                      placeholder={!v.secret && v.default !== undefined ? `default: ${v.default}` : undefined}
                      className={`${inputClass} mt-1`}
                      {...form.register(`env.${v.name}`)}
                    />
                    <p
                      id={`${id}-hint`}
                      className={`mt-1 text-sm ${error ? 'text-red-700' : 'text-slate-500'}`}
                    >
                      {error?.message ??
                        [v.description, v.secret ? 'Stored in the secret store; never shown again.' : null]
                          .filter(Boolean)
                          .join(' ')}
                    </p>
                  </div>
                );
              })}
            </fieldset>
          )}
          <div className="flex justify-between gap-3 border-t border-slate-100 pt-4">
            <Link to={`/templates/${template.id}`} className={buttonClass('ghost')}>
              Back
            </Link>
            <button type="submit" className={buttonClass('primary')}>
              Review
            </button>
          </div>
        </form>
      ) : (
        <section aria-labelledby="review-title" className={`${cardClass} space-y-5 p-5 sm:p-6`}>
          <h2 id="review-title" className="font-semibold text-slate-900">
            Review
          </h2>
          <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[12rem_minmax(0,1fr)]">
            <dt className="text-slate-500">Template</dt>
            <dd className="text-slate-900">
              {template.displayName} v{template.versionLabel}
            </dd>
            <dt className="text-slate-500">Team</dt>
            <dd className="text-slate-900">{teamName}</dd>
            <dt className="text-slate-500">Name</dt>
            <dd className="text-slate-900">{values.name || 'generated'}</dd>
            {envVars.map((v) => (
              <div key={v.name} className="contents">
                <dt className="truncate font-mono text-xs text-slate-500">{v.name}</dt>
                <dd className="break-all text-slate-900">
                  {v.secret
                    ? values.env[v.name]
                      ? '•••••••• (set)'
                      : 'not set'
                    : values.env[v.name] || <span className="text-slate-500">default</span>}
                </dd>
              </div>
            ))}
          </dl>
          <div aria-live="polite">
            {create.isError ? (
              <ErrorNotice title="The deployment was not created" error={create.error} />
            ) : null}
          </div>
          <div className="flex justify-between gap-3 border-t border-slate-100 pt-4">
            <button
              type="button"
              className={buttonClass('ghost')}
              onClick={() => setStep(1)}
              disabled={create.isPending}
            >
              Back
            </button>
            <button
              type="button"
              className={buttonClass('primary')}
              onClick={deploy}
              disabled={create.isPending}
            >
              {create.isPending ? 'Deploying…' : 'Deploy'}
            </button>
          </div>
        </section>
      )}
    </>
  );
}
