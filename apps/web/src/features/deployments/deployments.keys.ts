export const deploymentsKeys = {
  all: ['deployments'] as const,
  lists: () => [...deploymentsKeys.all, 'list'] as const,
  list: (teamId: string) => [...deploymentsKeys.lists(), { teamId }] as const,
  details: () => [...deploymentsKeys.all, 'detail'] as const,
  detail: (id: string) => [...deploymentsKeys.details(), id] as const,
};
