import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ClientOAuthProviderName } from '@k8s-scheduler/contracts';
import { configKeys } from '../config/config.keys';
import {
  addClientAdmin,
  addClientDomain,
  createClient,
  deleteClient,
  listClientAdmins,
  listClientOAuth,
  listClientPlans,
  listClients,
  oauthBodyFromForm,
  removeClientDomain,
  removeClientOAuth,
  setClientOAuth,
  setClientPlan,
  updateClient,
} from './admin.api';
import type { OAuthFormValues, PlanLimits, Tier, UpdateClientBody } from './admin.api';
import { adminKeys } from './admin.keys';

/** The clients the user administers (every one for a platform admin); off for everyone else. */
export const useClients = (enabled: boolean) =>
  useQuery({ queryKey: adminKeys.clients(), queryFn: listClients, enabled });
export const useClientAdmins = (clientId: string) =>
  useQuery({ queryKey: adminKeys.clientAdmins(clientId), queryFn: () => listClientAdmins(clientId) });
export const useClientPlans = (clientId: string) =>
  useQuery({ queryKey: adminKeys.clientPlans(clientId), queryFn: () => listClientPlans(clientId) });
export const useClientOAuth = (clientId: string) =>
  useQuery({ queryKey: adminKeys.clientOAuth(clientId), queryFn: () => listClientOAuth(clientId) });

/** Refreshes the client list (and with it every per-client key below it). */
function useInvalidateClientList() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: adminKeys.clients() });
}

/**
 * After a change of what the public sees: the client list, and the public config (the branding of
 * the current host may be the client's own).
 */
function useInvalidateClientBranding() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: adminKeys.clients() }),
      queryClient.invalidateQueries({ queryKey: configKeys.public() }),
    ]);
}

export function useCreateClient() {
  const invalidate = useInvalidateClientList();
  return useMutation({ mutationFn: createClient, onSuccess: invalidate });
}

export function useDeleteClient() {
  const invalidate = useInvalidateClientList();
  return useMutation({ mutationFn: deleteClient, onSuccess: invalidate });
}

export function useUpdateClient(clientId: string) {
  const invalidate = useInvalidateClientBranding();
  return useMutation({
    mutationFn: (body: UpdateClientBody) => updateClient(clientId, body),
    onSuccess: invalidate,
  });
}

export function useAddClientDomain(clientId: string) {
  const invalidate = useInvalidateClientBranding();
  return useMutation({
    mutationFn: (domain: string) => addClientDomain(clientId, domain),
    onSuccess: invalidate,
  });
}

export function useRemoveClientDomain(clientId: string) {
  const invalidate = useInvalidateClientBranding();
  return useMutation({
    mutationFn: (domain: string) => removeClientDomain(clientId, domain),
    onSuccess: invalidate,
  });
}

export function useAddClientAdmin(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (email: string) => addClientAdmin(clientId, email),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.clientAdmins(clientId) }),
  });
}

export function useSetClientPlan(clientId: string, tier: Tier) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (limits: PlanLimits) => setClientPlan(clientId, tier, limits),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.clientPlans(clientId) }),
  });
}

export function useSetClientOAuth(clientId: string, provider: ClientOAuthProviderName) {
  const invalidate = useInvalidateClientList();
  return useMutation({
    mutationFn: (v: OAuthFormValues) => setClientOAuth(clientId, provider, oauthBodyFromForm(v)),
    onSuccess: invalidate,
  });
}

export function useRemoveClientOAuth(clientId: string) {
  const invalidate = useInvalidateClientList();
  return useMutation({
    mutationFn: (provider: ClientOAuthProviderName) => removeClientOAuth(clientId, provider),
    onSuccess: invalidate,
  });
}
