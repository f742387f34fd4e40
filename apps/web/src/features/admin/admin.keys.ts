/**
 * Query keys of the white-label client admin. Per-client keys sit under the client list, so
 * refreshing the list refreshes a client's admins, plans and sign-in providers too.
 */
export const adminKeys = {
  all: ['admin'] as const,
  clients: () => [...adminKeys.all, 'clients'] as const,
  clientOAuth: (clientId: string) => [...adminKeys.clients(), clientId, 'oauth'] as const,
  clientAdmins: (clientId: string) => [...adminKeys.clients(), clientId, 'admins'] as const,
  clientPlans: (clientId: string) => [...adminKeys.clients(), clientId, 'plans'] as const,
  orgs: () => [...adminKeys.all, 'orgs'] as const,
  orgList: (q: string) => [...adminKeys.orgs(), 'list', q] as const,
  orgNodes: (orgId: string) => [...adminKeys.orgs(), orgId, 'nodes'] as const,
};
