import { isIP } from 'node:net';
import type {
  ClientOAuthProvider,
  ClientOAuthProviderBody,
  ClientOAuthProviderList,
  ClientOAuthProviderName,
} from '@k8s-scheduler/contracts';
import { InvalidError, NotFoundError } from '@k8s-scheduler/domain';
import type { RequestContext } from '../../context/context';
import type { Db } from '../../db/database';
import { classifyAddress } from '../oauth/oauth.egress';
import type { TrackedSecretStore } from '../secrets/secret.tracked';
import {
  DEFAULT_SCOPES,
  GOOGLE_ISSUER,
  PROVIDERS,
  clientSecretLocator,
  parseClientOAuth,
  type StoredProvider,
} from './clients.oauth.settings';
import { writeClientOAuthProvider } from './clients.repo';
import { clientEvent, loadClient } from './clients.service';

function present(provider: ClientOAuthProviderName, s: StoredProvider): ClientOAuthProvider {
  return {
    provider,
    configured: true,
    issuer: s.issuer,
    clientId: s.clientId,
    displayName: s.displayName,
    scopes: s.scopes,
    clientSecret: { configured: s.secretKey !== null },
    updatedAt: s.updatedAt,
  };
}

/**
 * In production an issuer must be a public https host: the server fetches discovery and keys from
 * it, and a client admin must not point those requests at the platform's own network. A literal
 * internal address or a localhost name is refused here; names are checked again at every request
 * (oauth.egress: what they resolve to). Outside production a loopback http test provider is fine.
 */
export function checkIssuer(issuer: string, production: boolean) {
  if (!production) return;
  const u = new URL(issuer);
  const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const internal =
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    (isIP(host) !== 0 && classifyAddress(host) !== 'public');
  if (u.protocol !== 'https:' || internal)
    throw new InvalidError('The issuer must be a public https URL.', [
      { path: 'issuer', message: 'expected a public https URL' },
    ]);
}

export interface ClientOAuthDeps {
  db: Db;
  secrets: TrackedSecretStore;
  /** Production: issuers must be public https hosts (see checkIssuer). */
  production: boolean;
}

/**
 * A client's own OAuth credentials, for platform admins and the client's admins. The client secret
 * is write-only: it goes to the platform secret store, and answers only say whether one is set.
 */
export function createClientOAuthService(deps: ClientOAuthDeps) {
  const { db, secrets } = deps;
  return {
    /** The client's own providers (non-secret view). */
    async list(ctx: RequestContext, clientId: string): Promise<ClientOAuthProviderList> {
      const { row, abilities } = await loadClient(db, ctx, clientId, 'client:read');
      const stored = parseClientOAuth(row.oauth);
      return {
        items: PROVIDERS.flatMap((p) => (stored[p] ? [present(p, stored[p])] : [])),
        abilities: abilities.filter((p) => p === 'client:read' || p === 'client:update'),
      };
    },

    /**
     * Sets or replaces one provider of a client. A new secret is written to the store first, then
     * the settings and the audit entry commit together; the secret itself reaches neither.
     */
    async set(
      ctx: RequestContext,
      input: { clientId: string; provider: ClientOAuthProviderName; settings: ClientOAuthProviderBody },
    ): Promise<ClientOAuthProvider> {
      const { provider, settings } = input;
      const { row } = await loadClient(db, ctx, input.clientId, 'client:update');
      if (provider === 'oidc' && !settings.issuer)
        throw new InvalidError('An OpenID Connect provider needs its issuer URL.', [
          { path: 'issuer', message: 'required for oidc' },
        ]);
      if (provider === 'google' && settings.issuer && settings.issuer.replace(/\/$/, '') !== GOOGLE_ISSUER)
        throw new InvalidError(`Google always uses the issuer ${GOOGLE_ISSUER}.`, [
          { path: 'issuer', message: 'omit it for google' },
        ]);
      const issuer = provider === 'google' ? GOOGLE_ISSUER : (settings.issuer ?? '');
      checkIssuer(issuer, deps.production);

      const locator = clientSecretLocator(row.id, provider);
      const previous = parseClientOAuth(row.oauth)[provider];
      const secretChange =
        typeof settings.clientSecret === 'string'
          ? 'replaced'
          : settings.clientSecret === null
            ? 'removed'
            : previous?.secretKey != null
              ? 'kept'
              : 'none';
      if (typeof settings.clientSecret === 'string')
        await secrets.write(locator, settings.clientSecret, { userId: ctx.auth?.user.id ?? null });
      const stored: StoredProvider = {
        issuer,
        clientId: settings.clientId,
        displayName: provider === 'oidc' ? (settings.displayName ?? null) : null,
        // A form that does not send scopes keeps the custom ones set before.
        scopes: settings.scopes ?? previous?.scopes ?? DEFAULT_SCOPES,
        secretKey: secretChange === 'replaced' || secretChange === 'kept' ? locator.key : null,
        updatedAt: new Date().toISOString(),
      };
      await db.transaction(async (tx) => {
        await writeClientOAuthProvider(tx, row.id, provider, stored);
        await ctx.audit(
          tx,
          // Never the secret: only what happened to it.
          clientEvent(row.id, previous ? 'client.oauth.update' : 'client.oauth.set', {
            provider,
            issuer,
            oauthClientId: settings.clientId,
            secretChange,
          }),
        );
      });
      if (settings.clientSecret === null && previous?.secretKey) await secrets.remove(locator, {});
      return present(provider, stored);
    },

    /** Removes one provider of a client (settings and secret); the platform's providers apply again when none is left. */
    async remove(ctx: RequestContext, clientId: string, provider: ClientOAuthProviderName): Promise<void> {
      const { row } = await loadClient(db, ctx, clientId, 'client:update');
      const previous = parseClientOAuth(row.oauth)[provider];
      if (!previous)
        throw new NotFoundError('oauth_provider', `This client has no ${provider} sign-in of its own.`);
      await db.transaction(async (tx) => {
        await writeClientOAuthProvider(tx, row.id, provider, null);
        await ctx.audit(
          tx,
          clientEvent(row.id, 'client.oauth.remove', { provider, issuer: previous.issuer }),
        );
      });
      if (previous.secretKey) await secrets.remove(clientSecretLocator(row.id, provider), {});
    },
  };
}
export type ClientOAuthService = ReturnType<typeof createClientOAuthService>;
