import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createApiKey, listApiKeys, listAudit, revokeApiKey, settingsKeys } from './settings.api';

export const useApiKeys = () => useQuery({ queryKey: settingsKeys.apiKeys(), queryFn: listApiKeys });

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createApiKey,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKeys.apiKeys() }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeApiKey,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKeys.apiKeys() }),
  });
}

/** The org's audit log, newest first, one page of 50 at a time (cursor: the oldest id seen). */
export function useAuditLog(orgId: string) {
  return useInfiniteQuery({
    queryKey: settingsKeys.audit(orgId),
    queryFn: ({ pageParam }) => listAudit(orgId, pageParam),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}
