import { z } from 'zod';
import type { ClientOAuthProviderName } from '@k8s-scheduler/contracts';
import type { ClientSecretLocator, SecretStore } from '@k8s-scheduler/secrets';

export const GOOGLE_ISSUER = 'https://accounts.google.com';
export const DEFAULT_SCOPES = ['openid', 'email', 'profile'];
export const PROVIDERS: readonly ClientOAuthProviderName[] = ['google', 'oidc'];

/**
 * One provider as stored in `clients.oauth` (non-secret settings only). The client secret lives in
 * the platform secret store under the client-scoped key `secretKey`; null: a public client (PKCE).
 */
const storedProviderSchema = z.object({
  issuer: z.string(),
  clientId: z.string(),
  displayName: z.string().nullable(),
  scopes: z.array(z.string()),
  secretKey: z.string().nullable(),
  updatedAt: z.string(),
});
export type StoredProvider = z.infer<typeof storedProviderSchema>;
/** The `clients.oauth` column: the client's own providers by name. */
export type StoredOAuth = Partial<Record<ClientOAuthProviderName, StoredProvider>>;

/** The client's providers from its `oauth` column; anything unreadable counts as not configured. */
export function parseClientOAuth(raw: unknown): StoredOAuth {
  const out: StoredOAuth = {};
  const obj = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  for (const name of PROVIDERS) {
    const parsed = storedProviderSchema.safeParse(obj[name]);
    if (parsed.success) out[name] = parsed.data;
  }
  return out;
}

/** Where a client's provider secret lives in the store: its own scope, never an org's. */
export const clientSecretLocator = (
  clientId: string,
  provider: ClientOAuthProviderName,
): ClientSecretLocator => ({
  tier: 'client',
  clientId,
  key: `oauth.${provider}.client_secret`,
});

/**
 * Removes a client's provider secrets from the store before the client is deleted: Vault/AWS
 * documents do not follow the database cascade.
 */
export async function purgeClientOAuthSecrets(store: SecretStore, clientId: string, oauth: unknown) {
  const stored = parseClientOAuth(oauth);
  for (const p of PROVIDERS) if (stored[p]?.secretKey) await store.delete(clientSecretLocator(clientId, p));
}
