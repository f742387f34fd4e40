import { useQuery } from '@tanstack/react-query';
import type { ClientOAuthProviderName } from '@k8s-scheduler/contracts';
import { useInvalidatingMutation } from '../../lib/useInvalidatingMutation';
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

/** The client list (and with it every per-client key below it). */
const clientList = [adminKeys.clients()];
/**
 * After a change of what the public sees: the client list, and the public config (the branding of
 * the current host may be the client's own).
 */
const clientBranding = [adminKeys.clients(), configKeys.public()];

export const useCreateClient = () => useInvalidatingMutation(createClient, clientList);
export const useDeleteClient = () => useInvalidatingMutation(deleteClient, clientList);

export const useUpdateClient = (clientId: string) =>
  useInvalidatingMutation((body: UpdateClientBody) => updateClient(clientId, body), clientBranding);
export const useAddClientDomain = (clientId: string) =>
  useInvalidatingMutation((domain: string) => addClientDomain(clientId, domain), clientBranding);
export const useRemoveClientDomain = (clientId: string) =>
  useInvalidatingMutation((domain: string) => removeClientDomain(clientId, domain), clientBranding);

export const useAddClientAdmin = (clientId: string) =>
  useInvalidatingMutation(
    (email: string) => addClientAdmin(clientId, email),
    [adminKeys.clientAdmins(clientId)],
  );
export const useSetClientPlan = (clientId: string, tier: Tier) =>
  useInvalidatingMutation(
    (limits: PlanLimits) => setClientPlan(clientId, tier, limits),
    [adminKeys.clientPlans(clientId)],
  );

export const useSetClientOAuth = (clientId: string, provider: ClientOAuthProviderName) =>
  useInvalidatingMutation(
    (v: OAuthFormValues) => setClientOAuth(clientId, provider, oauthBodyFromForm(v)),
    clientList,
  );
export const useRemoveClientOAuth = (clientId: string) =>
  useInvalidatingMutation(
    (provider: ClientOAuthProviderName) => removeClientOAuth(clientId, provider),
    clientList,
  );
