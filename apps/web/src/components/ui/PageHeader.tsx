import { useEffect } from 'react';
import type { ReactNode } from 'react';
import { useBranding } from '../../features/config/useConfig';

/** A page's title row; also names the browser tab after the page (what screen readers announce first). */
export function PageHeader({
  title,
  description,
  actions,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  const { name } = useBranding();
  useEffect(() => {
    document.title = `${title} · ${name}`;
  }, [title, name]);

  return (
    <header className="mb-6 flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
      <div className="min-w-0">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
        {description ? <p className="mt-1 max-w-2xl text-sm text-slate-600">{description}</p> : null}
      </div>
      {actions ? <div className="flex shrink-0 flex-wrap gap-2">{actions}</div> : null}
    </header>
  );
}
