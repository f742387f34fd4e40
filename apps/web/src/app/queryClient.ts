import { QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from '../lib/api';
import { sessionKeys } from '../features/session/session.keys';

/** Retry transport failures and 5xx twice; a 4xx is an answer and retrying will not change it. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (isApiError(error) && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        // A 401 from any other query means the session ended (expired, signed out in another tab):
        // refetch /api/me so the auth guard sends the user to the sign-in page.
        if (isApiError(error) && error.status === 401 && query.queryKey[0] !== sessionKeys.all[0]) {
          void client.invalidateQueries({ queryKey: sessionKeys.me() });
        }
      },
    }),
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 15_000, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });
  return client;
}
