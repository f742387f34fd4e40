import type { ReactNode } from 'react';
import { Link } from 'react-router';

/** The "← list" link under a detail page's header. */
export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <p className="-mt-3 mb-6 text-sm">
      <Link to={to} className="text-brand underline-offset-2 hover:underline">
        ← {children}
      </Link>
    </p>
  );
}
