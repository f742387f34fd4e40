import { Link, useLocation } from 'react-router';
import { buttonClass } from './ui/styles';

export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <section className="mx-auto max-w-lg py-16 text-center">
      <p className="text-sm font-semibold text-brand">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-slate-900">Page not found</h1>
      <p className="mt-3 text-sm break-words text-slate-600">
        There is nothing at{' '}
        <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs">{pathname}</code>. It may have
        moved, or the link is mistyped.
      </p>
      <div className="mt-6 flex justify-center gap-3">
        <Link to="/" className={buttonClass('primary')}>
          Go to the dashboard
        </Link>
        <Link to="/deployments" className={buttonClass('secondary')}>
          Deployments
        </Link>
      </div>
    </section>
  );
}
