import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { buttonClass } from './styles';

/** The call to action of an empty state: a link that looks like a button. */
export interface EmptyStateAction {
  to: string;
  label: ReactNode;
  variant?: 'primary' | 'secondary';
}

/**
 * What a page or a list shows when there is nothing yet: an icon, a title, a message, and a call to
 * action (`action`, a link) or controls of its own (`actions`).
 */
export function EmptyState({
  icon,
  title,
  children,
  action,
  actions,
}: {
  icon?: ReactNode;
  title: string;
  children?: ReactNode;
  action?: EmptyStateAction | undefined;
  actions?: ReactNode;
}) {
  const controls = action ? (
    <Link to={action.to} className={buttonClass(action.variant ?? 'primary')}>
      {action.label}
    </Link>
  ) : (
    actions
  );
  return (
    <section className="flex flex-col items-center rounded-xl border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
      {icon ? (
        <div className="mb-4 grid size-12 place-items-center rounded-full bg-brand/10 text-brand">{icon}</div>
      ) : null}
      <h2 className="text-base font-semibold text-slate-900">{title}</h2>
      {children ? <div className="mt-2 max-w-md text-sm text-slate-600">{children}</div> : null}
      {controls ? <div className="mt-6 flex flex-wrap justify-center gap-3">{controls}</div> : null}
    </section>
  );
}
