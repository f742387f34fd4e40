import { useId, useState } from 'react';
import { Link } from 'react-router';
import { PageHeader } from '../../components/ui/PageHeader';
import { buttonClass, cardClass } from '../../components/ui/styles';
import { starterTemplateYaml } from './templates.starter';
import { TemplateYamlEditor } from './components/TemplateYamlEditor';

/** Write a template in YAML with the shared template schema checking it as you type. */
export function TemplateEditorPage() {
  const [text, setText] = useState(starterTemplateYaml);
  const labelId = useId();

  return (
    <>
      <PageHeader
        title="New template"
        description="Describe the services, their images and ports, and the settings people fill in when they deploy it."
        actions={
          <Link to="/templates" className={buttonClass('secondary')}>
            Back to templates
          </Link>
        }
      />
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_18rem]">
        <section aria-labelledby={labelId}>
          <h2 id={labelId} className="mb-2 text-sm font-semibold text-slate-900">
            Template YAML
          </h2>
          <TemplateYamlEditor value={text} onChange={setText} labelledBy={labelId} />
        </section>
        <aside className={`${cardClass} h-fit p-5 text-sm text-slate-600`} aria-label="Template reference">
          <h2 className="font-semibold text-slate-900">Fields</h2>
          <dl className="mt-3 space-y-2">
            <Field name="name" text="URL-safe id, e.g. my-web-app" />
            <Field name="visibility" text="private, team or org — what your role and plan allow" />
            <Field name="envVars" text="settings asked at deploy time; secret ones go to the secret store" />
            <Field name="services" text="image, ports (one exposed), env, resources, replicas, health check, config files, volumes" />
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
