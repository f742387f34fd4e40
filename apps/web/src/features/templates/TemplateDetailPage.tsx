import { useId, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { parseTemplateYaml } from '@k8s-scheduler/domain';
import type { TemplateDetail } from '@k8s-scheduler/contracts';
import { DeleteButton } from '../../components/ui/DeleteButton';
import { PageHeader } from '../../components/ui/PageHeader';
import { PageQueryState } from '../../components/QueryState';
import { buttonClass } from '../../components/ui/styles';
import { CardSection } from '../../components/ui/CardSection';
import { can } from '../../lib/abilities';
import { useTeamAccess } from '../teams/useTeamAccess';
import { useSignedInUser } from '../session/meContext';
import { TemplateForm } from './components/TemplateForm';
import { TemplateYamlEditor } from './components/TemplateYamlEditor';
import { VisibilityBadge } from './components/VisibilityBadge';
import { writableVisibilities } from './templates.visibility';
import { useDeleteTemplate, useTemplate, useUpdateTemplate } from './useTemplates';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function TemplateDetailPage() {
  const { id = '' } = useParams();
  const template = useTemplate(id);
  return (
    <PageQueryState query={template} thing="template">
      {/* Keyed by version: after a save the form starts again from the stored text. */}
      {(data) => <TemplateView key={`${data.id}-${data.latestVersion}`} template={data} />}
    </PageQueryState>
  );
}

function TemplateView({ template: t }: { template: TemplateDetail }) {
  const me = useSignedInUser();
  const access = useTeamAccess();
  const navigate = useNavigate();
  const update = useUpdateTemplate(t.id);
  const remove = useDeleteTemplate();
  const [editing, setEditing] = useState(false);
  const yamlLabel = useId();
  const canWrite = can(t, `templates:write:${t.visibility}`);
  const parsed = useMemo(() => parseTemplateYaml(t.yaml), [t.yaml]);
  const spec = parsed.ok ? parsed.template : null;

  return (
    <>
      <PageHeader
        title={t.displayName}
        description={t.description || undefined}
        actions={
          <>
            {access.teamAbilities.includes('deploy:create') ? (
              <Link to={`/deploy/${t.id}`} className={buttonClass('primary')}>
                Deploy
              </Link>
            ) : null}
            {canWrite && !editing ? (
              <button type="button" className={buttonClass('secondary')} onClick={() => setEditing(true)}>
                Edit
              </button>
            ) : null}
            {canWrite ? (
              <DeleteButton
                label="Delete"
                title={`Delete ${t.displayName}?`}
                confirmLabel="Delete template"
                mutation={remove}
                onConfirm={(close) =>
                  remove.mutate(t.id, {
                    onSuccess: () => {
                      close();
                      void navigate('/templates', { replace: true });
                    },
                  })
                }
              >
                Nobody can deploy it any more. Deployments already made from it keep running.
              </DeleteButton>
            ) : null}
          </>
        }
      />
      <p className="-mt-3 mb-6 flex flex-wrap items-center gap-2 text-sm text-slate-500">
        <Link to="/templates" className="text-brand underline-offset-2 hover:underline">
          ← Templates
        </Link>
        <span aria-hidden="true">·</span>
        <VisibilityBadge visibility={t.visibility} />
        <span className="capitalize">{t.category}</span>
        <span aria-hidden="true">·</span>
        <span>
          v{t.versionLabel} (revision {t.latestVersion})
        </span>
      </p>

      {editing ? (
        <TemplateForm
          initialText={t.yaml}
          visibilities={writableVisibilities(
            access.teamAbilities,
            access.orgAbilities,
            me.user.isPlatformAdmin,
          )}
          submitLabel="Save new version"
          pending={update.isPending}
          error={update.error}
          onSubmit={(yaml) => update.mutate(yaml)}
        />
      ) : (
        <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
          <div className="min-w-0 space-y-6">
            {spec ? (
              <CardSection id="tpl-services" title="Services">
                <ul className="divide-y divide-slate-100">
                  {spec.services.map((s) => (
                    <li key={s.name} className="px-5 py-3 text-sm">
                      <p className="font-medium text-slate-900">{s.name}</p>
                      <p className="font-mono text-xs break-all text-slate-600">{s.image}</p>
                      <p className="mt-1 text-xs text-slate-500">
                        {s.replicas} {s.replicas === 1 ? 'replica' : 'replicas'}
                        {s.ports.length
                          ? ` · ports ${s.ports.map((p) => `${p.containerPort}${p.expose ? ' (public)' : ''}`).join(', ')}`
                          : ''}
                      </p>
                    </li>
                  ))}
                </ul>
              </CardSection>
            ) : null}
            {spec && spec.envVars.length > 0 ? (
              <CardSection id="tpl-env" title="Settings asked at deploy time">
                <ul className="divide-y divide-slate-100">
                  {spec.envVars.map((v) => (
                    <li
                      key={v.name}
                      className="flex flex-wrap items-baseline justify-between gap-2 px-5 py-3 text-sm"
                    >
                      <span>
                        <code className="font-mono text-xs font-semibold text-slate-900">{v.name}</code>
                        {v.description ? <span className="ml-2 text-slate-600">{v.description}</span> : null}
                      </span>
                      <span className="flex gap-1.5 text-xs">
                        {v.required ? (
                          <span className="rounded bg-amber-50 px-1.5 py-0.5 text-amber-800">required</span>
                        ) : null}
                        {v.secret ? (
                          <span className="rounded bg-slate-900 px-1.5 py-0.5 text-white">secret</span>
                        ) : null}
                      </span>
                    </li>
                  ))}
                </ul>
              </CardSection>
            ) : null}
            <section aria-labelledby={yamlLabel}>
              <h2 id={yamlLabel} className="mb-2 text-sm font-semibold text-slate-900">
                YAML
              </h2>
              <TemplateYamlEditor value={t.yaml} readOnly labelledBy={yamlLabel} />
            </section>
          </div>
          <CardSection id="tpl-versions" title="Versions" as="aside" className="h-fit">
            <ol className="divide-y divide-slate-100 text-sm">
              {[...t.versions].reverse().map((v) => (
                <li key={v.version} className="flex justify-between gap-3 px-5 py-2.5">
                  <span className="font-medium text-slate-900">
                    v{v.versionLabel} <span className="font-normal text-slate-500">#{v.version}</span>
                  </span>
                  <time dateTime={v.createdAt} className="text-slate-500">
                    {dateFormat.format(new Date(v.createdAt))}
                  </time>
                </li>
              ))}
            </ol>
            <p className="px-5 py-3 text-xs text-slate-500">
              Running deployments keep the version they were made from until upgraded.
            </p>
          </CardSection>
        </div>
      )}
    </>
  );
}
