import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import type { Db } from '../../db/database';
import { clientSecretLocator, type StoredProvider } from '../clients/clients.oauth.settings';
import { clientOAuthOf } from '../clients/clients.repo';
import type { SecretStore } from '@k8s-scheduler/secrets';
import { checkHttpsEndpoints } from './oauth.egress';
import { isLoopbackHttp, type ProviderName } from './oauth.providers';
import type { EmailTrust } from './oauth.service';

/** A provider ready for one sign-in: its openid-client configuration and what to ask for. */
export interface ResolvedProvider {
  name: ProviderName;
  /** Whose credentials: the platform's (configuration) or the host's white-label client's own. */
  source: 'platform' | 'client';
  configuration: oidc.Configuration;
  scope: string;
  /**
   * The provider part of the identity key. A client's own OIDC issuer carries its URL: subjects are
   * only unique per issuer, so a changed issuer must never reach accounts bound under another one.
   */
  identityProvider: string;
  /**
   * Whether a verified email of this issuer may reach an existing account: not for a client's own
   * OIDC issuer, whose admins can mint tokens for any email (see userForIdentity).
   */
  emailTrust: EmailTrust;
}

/**
 * Discovery documents per issuer, shared by every client that uses the issuer. Entries expire after
 * `ttlMs` (keys and endpoints can move); a failed discovery is not cached.
 */
export function createDiscoveryCache(ttlMs = 60 * 60_000, fetch?: oidc.CustomFetch) {
  const cache = new Map<string, { at: number; metadata: Promise<oidc.ServerMetadata> }>();
  return (issuer: string): Promise<oidc.ServerMetadata> => {
    const hit = cache.get(issuer);
    if (hit && Date.now() - hit.at < ttlMs) return hit.metadata;
    const url = new URL(issuer);
    const metadata = oidc
      .discovery(url, 'discovery', undefined, oidc.None(), {
        ...(isLoopbackHttp(url) ? { execute: [oidc.allowInsecureRequests] } : {}),
        ...(fetch ? { [oidc.customFetch]: fetch } : {}),
        timeout: 10,
      })
      .then((c) => c.serverMetadata());
    const entry = { at: Date.now(), metadata };
    cache.set(issuer, entry);
    metadata.catch(() => {
      if (cache.get(issuer) === entry) cache.delete(issuer);
    });
    return metadata;
  };
}
export type DiscoveryCache = ReturnType<typeof createDiscoveryCache>;

/**
 * The sign-in providers of white-label clients that bring their own OAuth credentials. Settings
 * and the secret are read at every sign-in, so a change applies to the next one; the openid-client
 * configuration is reused while issuer, client id, secret and discovery document stay the same.
 */
export function createClientProviders(deps: {
  db: Db;
  secrets: SecretStore;
  discover: DiscoveryCache;
  /** The guarded fetch for token, JWKS and userinfo requests (see clientIssuerFetch); none: the default. */
  fetch?: oidc.CustomFetch;
  /** Production: every endpoint of the discovery document must be https. */
  requireHttps?: boolean;
}) {
  const configs = new Map<
    string,
    { fingerprint: string; metadata: oidc.ServerMetadata; configuration: oidc.Configuration }
  >();

  async function configurationFor(clientId: string, name: ProviderName, s: StoredProvider) {
    const secret = s.secretKey ? await deps.secrets.get(clientSecretLocator(clientId, name)) : null;
    if (s.secretKey && secret === null)
      throw new Error(`the ${name} client secret of client ${clientId} is missing from the secret store`);
    const metadata = await deps.discover(s.issuer);
    if (deps.requireHttps) checkHttpsEndpoints(metadata);
    // A digest, not the secret, decides whether the cached configuration is still current.
    const fingerprint = createHash('sha256')
      .update(`${s.issuer}\0${s.clientId}\0${secret ?? ''}`)
      .digest('base64url');
    const key = `${clientId}:${name}`;
    const hit = configs.get(key);
    if (hit && hit.fingerprint === fingerprint && hit.metadata === metadata) return hit.configuration;
    const configuration = new oidc.Configuration(
      metadata,
      s.clientId,
      secret ? { client_secret: secret } : undefined,
      secret ? oidc.ClientSecretPost(secret) : oidc.None(),
    );
    if (isLoopbackHttp(new URL(s.issuer))) oidc.allowInsecureRequests(configuration);
    if (deps.fetch) configuration[oidc.customFetch] = deps.fetch;
    configuration.timeout = 10;
    configs.set(key, { fingerprint, metadata, configuration });
    return configuration;
  }

  return {
    /** The client's own providers (names), or null when it signs in with the platform's. */
    async names(clientId: string | null): Promise<ProviderName[] | null> {
      if (!clientId) return null;
      const own = await clientOAuthOf(deps.db, clientId);
      const names = (['google', 'oidc'] as const).filter((n) => own[n]);
      return names.length ? names : null;
    },
    /** One of the client's own providers, ready for a sign-in; null when the client lacks it. */
    async get(clientId: string, name: ProviderName): Promise<ResolvedProvider | null> {
      const s = (await clientOAuthOf(deps.db, clientId))[name];
      if (!s) return null;
      return {
        name,
        source: 'client',
        configuration: await configurationFor(clientId, name, s),
        scope: s.scopes.join(' '),
        identityProvider: name === 'oidc' ? `oidc:${s.issuer}` : name,
        // Google is the platform's fixed issuer even with the client's app credentials.
        emailTrust: name === 'oidc' ? 'bind-only' : 'link',
      };
    },
  };
}
export type ClientProviders = ReturnType<typeof createClientProviders>;
