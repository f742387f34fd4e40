import type { ReactNode } from 'react';
import { isApiError } from '../lib/api';
import { NotFoundPage } from './NotFoundPage';
import { ErrorNotice } from './ui/ErrorNotice';
import { PageSkeleton, Skeleton } from './ui/Skeleton';

/** What QueryState reads of a TanStack query result (useQuery and useInfiniteQuery both fit). */
export interface QueryStateSource<T> {
  isPending: boolean;
  isError: boolean;
  isFetching: boolean;
  error: unknown;
  data: T | undefined;
  refetch: () => unknown;
}

/** The state a query is shown in; `notFound` only when the caller has a page for a 404. */
export type QueryView<T> =
  | { state: 'loading' }
  | { state: 'notFound' }
  | { state: 'error' }
  | { state: 'empty' }
  | { state: 'data'; data: T };

/**
 * Which state to show: loading until the first answer, then the error (a 404 as "not found" when
 * asked), the empty state when the data counts as empty, else the data. An error after data was
 * shown wins over the stale data, so a failed refresh is never silent.
 */
export function queryView<T>(
  query: QueryStateSource<T>,
  options: { notFound?: boolean; isEmpty?: ((data: T) => boolean) | undefined } = {},
): QueryView<T> {
  if (query.isError) {
    const missing = options.notFound && isApiError(query.error) && query.error.status === 404;
    return { state: missing ? 'notFound' : 'error' };
  }
  if (query.isPending || query.data === undefined) return { state: 'loading' };
  return options.isEmpty?.(query.data) ? { state: 'empty' } : { state: 'data', data: query.data };
}

const isEmptyList = (data: unknown) => Array.isArray(data) && data.length === 0;

/** Two grey lines: the placeholder of a list or a panel inside a card. */
function LineSkeleton() {
  return (
    <>
      <Skeleton className="h-5 w-1/2" />
      <Skeleton className="h-5 w-1/3" />
    </>
  );
}

/**
 * Loading, error and empty states of one query, then `children` with its data.
 * - loading: a placeholder in a `role="status"` region named `loadingLabel` (`aria-busy`); `skeleton`
 *   is `'page'` for a whole page, `'lines'` (default) for a list, or a placeholder of its own;
 * - error: ErrorNotice titled `errorTitle` with a retry (4xx detail, or the generic text and the
 *   request id for 5xx), or `notFound` for a 404 when given;
 * - empty: `empty` when `isEmpty(data)` holds (by default: when the data is an empty list).
 * `className` wraps the loading and error states (the padding of the card they sit in).
 */
export function QueryState<T>({
  query,
  loadingLabel,
  errorTitle,
  skeleton = 'lines',
  className = '',
  notFound,
  isEmpty,
  empty = null,
  children,
}: {
  query: QueryStateSource<T>;
  loadingLabel: string;
  errorTitle: string;
  skeleton?: 'page' | 'lines' | ReactNode;
  className?: string;
  notFound?: ReactNode;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  const view = queryView(query, {
    notFound: notFound !== undefined,
    isEmpty: isEmpty ?? (empty === null ? undefined : isEmptyList),
  });
  switch (view.state) {
    case 'loading':
      if (skeleton === 'page') return <PageSkeleton label={loadingLabel} />;
      return (
        <div
          role="status"
          aria-label={loadingLabel}
          aria-busy="true"
          className={['space-y-3', className].filter(Boolean).join(' ')}
        >
          {skeleton === 'lines' ? <LineSkeleton /> : skeleton}
        </div>
      );
    case 'notFound':
      return notFound;
    case 'error': {
      const notice = (
        <ErrorNotice
          title={errorTitle}
          error={query.error}
          onRetry={() => void query.refetch()}
          retrying={query.isFetching}
        />
      );
      return className ? <div className={className}>{notice}</div> : notice;
    }
    case 'empty':
      return empty;
    case 'data':
      return children(view.data);
  }
}

/**
 * QueryState for the one record a detail page shows: a page skeleton labelled "Loading {thing}",
 * "Could not load the {thing}" on an error, and the 404 page (or `notFound`) when it does not exist.
 */
export function PageQueryState<T>({
  query,
  thing,
  notFound = <NotFoundPage />,
  children,
}: {
  query: QueryStateSource<T>;
  thing: string;
  notFound?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  return (
    <QueryState
      query={query}
      skeleton="page"
      loadingLabel={`Loading ${thing}`}
      errorTitle={`Could not load the ${thing}`}
      notFound={notFound}
    >
      {children}
    </QueryState>
  );
}
