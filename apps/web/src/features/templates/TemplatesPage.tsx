import { useId, useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { TemplateSummary } from '@k8s-scheduler/contracts';
import { EmptyState } from '../../components/ui/EmptyState';
import { PageHeader } from '../../components/ui/PageHeader';
import { QueryState } from '../../components/QueryState';
import { PlusIcon, TemplatesIcon } from '../../components/ui/icons';
import { buttonClass, cardClass, inputClass } from '../../components/ui/styles';
import { useSignedInUser } from '../session/meContext';
import { useTeamAccess } from '../teams/useTeamAccess';
import { VisibilityBadge } from './components/VisibilityBadge';
import { categoriesOf, filterTemplates } from './templates.filter';
import { writableVisibilities } from './templates.visibility';
import { useTemplates } from './useTemplates';

export function TemplatesPage() {
  const me = useSignedInUser();
  const access = useTeamAccess();
  const templates = useTemplates();
  const [query, setQuery] = useState('');
  const [category, setCategory] = useState<string | null>(null);
  const searchId = useId();
  const canWrite =
    writableVisibilities(access.teamAbilities, access.orgAbilities, me.user.isPlatformAdmin).length > 0;
  const canDeploy = access.teamAbilities.includes('deploy:create');

  const items = useMemo(() => templates.data ?? [], [templates.data]);
  const shown = useMemo(() => filterTemplates(items, { query, category }), [items, query, category]);
  const categories = useMemo(() => categoriesOf(items), [items]);

  return (
    <>
      <PageHeader
        title="Templates"
        description="Reusable bundles of services, ready to deploy with a few settings."
        actions={
          canWrite ? (
            <Link to="/templates/new" className={buttonClass('secondary')}>
              <PlusIcon className="size-4" /> New template
            </Link>
          ) : null
        }
      />
      <QueryState
        query={templates}
        skeleton="page"
        loadingLabel="Loading templates"
        errorTitle="Could not load the templates"
        empty={
          <EmptyState
            icon={<TemplatesIcon />}
            title="No templates yet"
            action={canWrite ? { to: '/templates/new', label: 'Write a template' } : undefined}
          >
            Your platform team has not published system templates yet
            {canWrite ? ', but you can write your own.' : '.'}
          </EmptyState>
        }
      >
        {() => (
          <>
            <div className="mb-5 flex flex-col gap-3 sm:flex-row sm:items-center">
              <div className="sm:w-80">
                <label htmlFor={searchId} className="sr-only">
                  Search templates
                </label>
                <input
                  id={searchId}
                  type="search"
                  value={query}
                  onChange={(e) => setQuery(e.target.value)}
                  placeholder="Search templates…"
                  className={inputClass}
                />
              </div>
              <div role="group" aria-label="Category" className="flex flex-wrap gap-2">
                <CategoryChip
                  label="All"
                  count={items.length}
                  active={category === null}
                  onClick={() => setCategory(null)}
                />
                {categories.map((c) => (
                  <CategoryChip
                    key={c.category}
                    label={c.category}
                    count={c.count}
                    active={category === c.category}
                    onClick={() => setCategory(category === c.category ? null : c.category)}
                  />
                ))}
              </div>
            </div>
            <p aria-live="polite" className="sr-only">
              {shown.length} {shown.length === 1 ? 'template' : 'templates'} shown
            </p>
            {shown.length === 0 ? (
              <p className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-10 text-center text-sm text-slate-600">
                No template matches “{query}”{category ? ` in ${category}` : ''}.
              </p>
            ) : (
              <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
                {shown.map((t) => (
                  <TemplateCard key={t.id} template={t} canDeploy={canDeploy} />
                ))}
              </ul>
            )}
          </>
        )}
      </QueryState>
    </>
  );
}

function CategoryChip({
  label,
  count,
  active,
  onClick,
}: {
  label: string;
  count: number;
  active: boolean;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      aria-pressed={active}
      onClick={onClick}
      className={`rounded-full border px-3 py-1 text-sm capitalize transition-colors ${
        active
          ? 'border-brand bg-brand text-brand-fg'
          : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-50'
      }`}
    >
      {label} <span className={active ? 'opacity-80' : 'text-slate-400'}>{count}</span>
    </button>
  );
}

function TemplateCard({ template: t, canDeploy }: { template: TemplateSummary; canDeploy: boolean }) {
  return (
    <li className={`${cardClass} flex flex-col p-5`}>
      <div className="flex items-start justify-between gap-3">
        <h2 className="min-w-0 font-semibold text-slate-900">
          <Link to={`/templates/${t.id}`} className="hover:underline">
            {t.displayName}
          </Link>
        </h2>
        <VisibilityBadge visibility={t.visibility} />
      </div>
      <p className="mt-1 text-xs text-slate-500">
        <span className="capitalize">{t.category}</span> · v{t.versionLabel} · {t.serviceCount}{' '}
        {t.serviceCount === 1 ? 'service' : 'services'}
      </p>
      <p className="mt-3 line-clamp-3 flex-1 text-sm text-slate-600">{t.description || 'No description.'}</p>
      <div className="mt-4 flex gap-2">
        {canDeploy ? (
          <Link
            to={`/deploy/${t.id}`}
            className={buttonClass('primary', 'sm')}
            aria-label={`Deploy ${t.displayName}`}
          >
            Deploy
          </Link>
        ) : null}
        <Link
          to={`/templates/${t.id}`}
          className={buttonClass('secondary', 'sm')}
          aria-label={`Details of ${t.displayName}`}
        >
          Details
        </Link>
      </div>
    </li>
  );
}
