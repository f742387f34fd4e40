import { Link, useNavigate } from 'react-router';
import { EmptyState } from '../../components/ui/EmptyState';
import { PageHeader } from '../../components/ui/PageHeader';
import { PageSkeleton } from '../../components/ui/Skeleton';
import { TemplatesIcon } from '../../components/ui/icons';
import { buttonClass, cardClass } from '../../components/ui/styles';
import { useSignedInUser } from '../session/meContext';
import { useTeamAccess } from '../teams/useTeamAccess';
import { TemplateForm } from './components/TemplateForm';
import { starterTemplateYaml } from './templates.starter';
import { writableVisibilities } from './templates.visibility';
import { useCreateTemplate } from './useTemplates';

/** Write a new template in YAML, checked as you type by the same schema the server uses. */
export function TemplateEditorPage() {
  const me = useSignedInUser();
  const access = useTeamAccess();
  const create = useCreateTemplate();
  const navigate = useNavigate();
  const visibilities = writableVisibilities(
    access.teamAbilities,
    access.orgAbilities,
    me.user.isPlatformAdmin,
  );

  const header = (
    <PageHeader
      title="New template"
      description={
        access.team
          ? `Owned by ${access.team.name}. Describe the services and the settings people fill in when they deploy it.`
          : undefined
      }
      actions={
        <Link to="/templates" className={buttonClass('secondary')}>
          Back to templates
        </Link>
      }
    />
  );

  if (access.loading) return <PageSkeleton label="Loading" />;
  if (visibilities.length === 0) {
    return (
      <>
        {header}
        <EmptyState icon={<TemplatesIcon />} title="You cannot write templates here">
          Writing templates needs the developer or team admin role in a team, on a plan with custom templates.
          Pick another team in the switcher, or ask a team admin.
        </EmptyState>
      </>
    );
  }

  return (
    <>
      {header}
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_18rem]">
        <TemplateForm
          initialText={starterTemplateYaml}
          visibilities={visibilities}
          submitLabel="Create template"
          pending={create.isPending}
          error={create.error}
          onSubmit={(yaml) =>
            create.mutate(
              { yaml, ...(access.team ? { teamId: access.team.id } : {}) },
              { onSuccess: (t) => void navigate(`/templates/${t.id}`, { replace: true }) },
            )
          }
        />
        <aside className={`${cardClass} h-fit p-5 text-sm text-slate-600`} aria-label="Template reference">
          <h2 className="font-semibold text-slate-900">Fields</h2>
          <dl className="mt-3 space-y-2">
            <Field name="name" text="URL-safe id, e.g. my-web-app" />
            <Field name="visibility" text="private, team or org — what your role and plan allow" />
            <Field name="envVars" text="settings asked at deploy time; secret ones go to the secret store" />
            <Field
              name="services"
              text="image, ports (one exposed), env, resources, replicas, health check, config files, volumes"
            />
            <Field name="ingress" text="which service and port is public (optional)" />
          </dl>
        </aside>
      </div>
    </>
  );
}

function Field({ name, text }: { name: string; text: string }) {
  return (
    <div>
      <dt className="font-mono text-xs font-semibold text-slate-800">{name}</dt>
      <dd>{text}</dd>
    </div>
  );
}
