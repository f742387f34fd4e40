import { isRouteErrorResponse, useRouteError } from 'react-router';
import { FullPageMessage } from './FullPageMessage';
import { CrashNotice } from './ErrorBoundary';
import { NotFoundPage } from './NotFoundPage';

/**
 * Router-level error element: errors outside any page (e.g. a code chunk that failed to download
 * after a new version was deployed), where the shell itself may not be usable.
 */
export function RouteErrorPage() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <FullPageMessage wide>
        <NotFoundPage />
      </FullPageMessage>
    );
  }
  console.error('Route error', error);
  return (
    <FullPageMessage wide>
      <CrashNotice />
    </FullPageMessage>
  );
}
