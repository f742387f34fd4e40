import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { isApiError } from '../../lib/api';
import { signInPath } from '../../lib/redirect';
import { FullPageMessage } from '../../components/FullPageMessage';
import { ErrorNotice } from '../../components/ui/ErrorNotice';
import { Skeleton } from '../../components/ui/Skeleton';
import { MeContext } from './meContext';
import { useMe } from './useSession';

/** Renders its children for a signed-in user; sends everyone else to sign in and back. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();

  if (me.data) return <MeContext value={me.data}>{children}</MeContext>;
  if (me.isError && isApiError(me.error) && me.error.status === 401) {
    return <Navigate to={signInPath(`${location.pathname}${location.search}${location.hash}`)} replace />;
  }
  if (me.isError) {
    return (
      <FullPageMessage>
        <ErrorNotice
          title="Could not load your account"
          error={me.error}
          onRetry={() => void me.refetch()}
          retrying={me.isFetching}
        />
      </FullPageMessage>
    );
  }
  return <ShellSkeleton />;
}

/** The shell's outline while the session loads, so the page does not jump when it arrives. */
function ShellSkeleton() {
  return (
    <div role="status" aria-label="Loading your workspace" className="flex min-h-dvh">
      <div className="hidden w-64 shrink-0 space-y-6 border-r border-slate-200 bg-white px-4 py-5 lg:block">
        <Skeleton className="h-8 w-40" />
        <Skeleton className="h-10 w-full" />
        <div className="space-y-3">
          {[0, 1, 2, 3, 4, 5, 6].map((i) => (
            <Skeleton key={i} className="h-6 w-full" />
          ))}
        </div>
      </div>
      <div className="flex-1">
        <div className="flex h-14 items-center justify-between border-b border-slate-200 bg-white px-6">
          <Skeleton className="h-6 w-32 lg:invisible" />
          <Skeleton className="size-8 rounded-full" />
        </div>
        <div className="space-y-4 p-6 lg:p-8">
          <Skeleton className="h-7 w-48" />
          <Skeleton className="h-4 w-72 max-w-full" />
          <Skeleton className="h-40 w-full" />
        </div>
      </div>
    </div>
  );
}
