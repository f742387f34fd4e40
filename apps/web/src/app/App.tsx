import { useEffect, useState } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router/dom';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { FullPageMessage } from '../components/FullPageMessage';
import { useConfig } from '../features/config/useConfig';
import { applyBranding } from '../lib/branding';
import { createQueryClient } from './queryClient';
import { createRouter } from './router';

/** Applies the client's branding colour once the public config arrives. */
function BrandingEffect() {
  const { data } = useConfig();
  useEffect(() => {
    if (!data) return;
    applyBranding(data.branding);
  }, [data]);
  return null;
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(createRouter);
  return (
    <QueryClientProvider client={queryClient}>
      <ErrorBoundary
        fallback={() => (
          <FullPageMessage wide>
            <p role="alert" className="text-center text-sm text-slate-700">
              The application failed to start. Reload the page; if it keeps happening, contact your platform
              team.
            </p>
          </FullPageMessage>
        )}
      >
        <BrandingEffect />
        <RouterProvider router={router} />
      </ErrorBoundary>
    </QueryClientProvider>
  );
}
