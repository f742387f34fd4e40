import { useQuery } from '@tanstack/react-query';
import { orgUsageSchema } from '@k8s-scheduler/contracts';
import { apiFetch } from '../../lib/api';

export const usageKeys = {
  all: ['usage'] as const,
  org: (orgId: string) => [...usageKeys.all, orgId] as const,
};

/** Use of an org's tier limits (GET /api/orgs/:orgId/usage). */
export function useOrgUsage(orgId: string | undefined) {
  return useQuery({
    queryKey: usageKeys.org(orgId ?? 'none'),
    queryFn: ({ signal }) =>
      apiFetch(`/api/orgs/${encodeURIComponent(orgId ?? '')}/usage`, { schema: orgUsageSchema, signal }),
    enabled: orgId !== undefined,
    refetchInterval: 15_000,
  });
}
