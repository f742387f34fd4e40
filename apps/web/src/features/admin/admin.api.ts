import {
  clientAdminListSchema,
  clientAdminSchema,
  clientListSchema,
  clientOAuthProviderListSchema,
  clientOAuthProviderSchema,
  clientSchema,
  planListSchema,
  planSchema,
} from '@k8s-scheduler/contracts';
import type {
  ClientOAuthProvider,
  ClientOAuthProviderBody,
  ClientOAuthProviderName,
  Me,
  createClientBodySchema,
  planLimitsSchema,
  updateClientBodySchema,
} from '@k8s-scheduler/contracts';
import { z } from 'zod';
import { apiFetch } from '../../lib/api';

export type CreateClientBody = z.output<typeof createClientBodySchema>;
export type UpdateClientBody = z.input<typeof updateClientBodySchema>;
export type PlanLimits = z.input<typeof planLimitsSchema>;
export type Tier = 'free' | 'business' | 'enterprise';

/** Whether the user administers clients: every one (platform admin) or its own (client admin). */
export function administersClients(me: Pick<Me, 'user' | 'administeredClients'>): boolean {
  return me.user.isPlatformAdmin || me.administeredClients.length > 0;
}

export const listClients = () =>
  apiFetch('/api/admin/clients', { schema: clientListSchema }).then((r) => r.items);
export const createClient = (body: CreateClientBody) =>
  apiFetch('/api/admin/clients', { method: 'POST', body, schema: clientSchema });
export const deleteClient = (clientId: string) =>
  apiFetch(`/api/admin/clients/${encodeURIComponent(clientId)}`, { method: 'DELETE' });

const clientPath = (clientId: string) => `/api/admin/clients/${encodeURIComponent(clientId)}`;
export const updateClient = (clientId: string, body: UpdateClientBody) =>
  apiFetch(clientPath(clientId), { method: 'PATCH', body, schema: clientSchema });
export const addClientDomain = (clientId: string, domain: string) =>
  apiFetch(`${clientPath(clientId)}/domains`, { method: 'POST', body: { domain }, schema: clientSchema });
export const removeClientDomain = (clientId: string, domain: string) =>
  apiFetch(`${clientPath(clientId)}/domains/${encodeURIComponent(domain)}`, { method: 'DELETE' });
export const listClientAdmins = (clientId: string) =>
  apiFetch(`${clientPath(clientId)}/admins`, { schema: clientAdminListSchema }).then((r) => r.items);
export const addClientAdmin = (clientId: string, email: string) =>
  apiFetch(`${clientPath(clientId)}/admins`, { method: 'POST', body: { email }, schema: clientAdminSchema });
export const listClientPlans = (clientId: string) =>
  apiFetch(`${clientPath(clientId)}/plans`, { schema: planListSchema }).then((r) => r.items);
export const setClientPlan = (clientId: string, tier: Tier, limits: PlanLimits) =>
  // PATCH: the form edits some limits; the client's other overrides of the tier stay.
  apiFetch(`${clientPath(clientId)}/plans/${tier}`, { method: 'PATCH', body: limits, schema: planSchema });

/** A client's primary colour as the colour input gives it. */
export const primaryColorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour like #4f46e5');

/** A limit field of the plan form: empty means unlimited (null), otherwise a whole number. */
export function limitFromInput(text: string): number | null {
  const v = text.trim();
  if (!v) return null;
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 ? n : Number.NaN;
}

const oauthPath = (clientId: string, provider?: ClientOAuthProviderName) =>
  `/api/admin/clients/${encodeURIComponent(clientId)}/oauth${provider ? `/${provider}` : ''}`;
export const listClientOAuth = (clientId: string) =>
  apiFetch(oauthPath(clientId), { schema: clientOAuthProviderListSchema });
export const setClientOAuth = (
  clientId: string,
  provider: ClientOAuthProviderName,
  body: ClientOAuthProviderBody,
) => apiFetch(oauthPath(clientId, provider), { method: 'PUT', body, schema: clientOAuthProviderSchema });
export const removeClientOAuth = (clientId: string, provider: ClientOAuthProviderName) =>
  apiFetch(oauthPath(clientId, provider), { method: 'DELETE' });

/** What the sign-in form holds; the secret field is write-only and starts empty. */
export interface OAuthFormValues {
  provider: ClientOAuthProviderName;
  issuer: string;
  clientId: string;
  clientSecret: string;
  removeSecret: boolean;
  displayName: string;
}

/** The form's values for a provider: its stored settings, never a secret. */
export function oauthFormDefaults(
  provider: ClientOAuthProviderName,
  current: ClientOAuthProvider | undefined,
): OAuthFormValues {
  return {
    provider,
    issuer: provider === 'oidc' ? (current?.issuer ?? '') : '',
    clientId: current?.clientId ?? '',
    clientSecret: '',
    removeSecret: false,
    displayName: current?.displayName ?? '',
  };
}

/**
 * The PUT body for the form: an empty secret keeps the stored one (the field never shows it), unless
 * "remove" is ticked; Google takes no issuer or label.
 */
export function oauthBodyFromForm(v: OAuthFormValues): ClientOAuthProviderBody {
  const oidc = v.provider === 'oidc';
  return {
    ...(oidc ? { issuer: v.issuer.trim() } : {}),
    clientId: v.clientId.trim(),
    ...(v.removeSecret ? { clientSecret: null } : v.clientSecret ? { clientSecret: v.clientSecret } : {}),
    ...(oidc ? { displayName: v.displayName.trim() || null } : {}),
  };
}

/** "a.example.com, b.example.com" or one per line → trimmed, non-empty entries. */
export function splitDomains(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((d) => d.trim())
    .filter(Boolean);
}
