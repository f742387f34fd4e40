import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../../lib/api';
import { devLogin, fetchMe, logout } from './session.api';
import type { DevLoginBody } from './session.api';
import { sessionKeys } from './session.keys';

/** The signed-in user. A 401 is an answer ("not signed in"), not a failure worth retrying. */
export function useMe() {
  return useQuery({
    queryKey: sessionKeys.me(),
    queryFn: ({ signal }) => fetchMe(signal),
    staleTime: 60_000,
    retry: (count, error) => !(isApiError(error) && error.status < 500 && error.status !== 0) && count < 2,
  });
}

export function useDevLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: DevLoginBody) => devLogin(body),
    onSuccess: (me) => {
      // A new identity: nothing cached for the previous one may leak into the new session.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'config' });
      queryClient.setQueryData(sessionKeys.me(), me);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    onSuccess: () => {
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'config' });
    },
  });
}
