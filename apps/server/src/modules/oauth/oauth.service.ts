import * as oidc from 'openid-client';
import { ConflictError, DomainError, InvalidError } from '@k8s-scheduler/domain';
import type { Config } from '@k8s-scheduler/config';
import type { RequestContext } from '../../context/context';
import type { Db } from '../../db/database';
import { findClient } from '../clients/clients.repo';
import { createUserIfNew, touchLastLogin, upsertUserByEmail } from '../users/users.repo';
import { grantListedPlatformAdmin } from '../users/platform-admins';
import type { SecretStore } from '@k8s-scheduler/secrets';
import { createClientProviders, createDiscoveryCache, type ResolvedProvider } from './oauth.clients';
import { clientIssuerFetch } from './oauth.egress';
import { createProviderRegistry, providerSettings, type ProviderName } from './oauth.providers';
import { bindIdentity, findBoundUserId } from './oauth.repo';

export interface IdentityClaims {
  sub: string;
  email?: unknown;
  email_verified?: unknown;
  name?: unknown;
  picture?: unknown;
}

/**
 * Identities are bound to the client of the host they signed in on: the same Google account on two
 * white-label clients is two separate users, so the provider key carries the client id.
 */
export const providerKey = (provider: string, clientId: string | null) =>
  clientId ? `${provider}@${clientId}` : provider;

/**
 * How far an identity's email is trusted. `link`: the issuer is the platform's own choice (its
 * configured providers, or Google), so a verified email may reach an existing account of the
 * client. `bind-only`: the issuer is a white-label client's own (its admins control it and can mint
 * any email), so the identity only ever reaches the user it was first bound to by (issuer, sub).
 */
export type EmailTrust = 'link' | 'bind-only';

/**
 * The user of an identity: found by (provider, subject) in this client; else, when the issuer is
 * trusted with emails, linked by verified email to an existing user of the client; else created
 * (first sign-in). A client's own issuer never reaches an existing account by email.
 */
export async function userForIdentity(
  db: Db,
  clientId: string | null,
  provider: string,
  claims: IdentityClaims,
  trust: EmailTrust = 'link',
) {
  const key = providerKey(provider, clientId);
  const boundUserId = await findBoundUserId(db, key, claims.sub);
  // A bound user of another client (impossible: the key carries the client) is not found.
  const bound = boundUserId ? await touchLastLogin(db, clientId, boundUserId) : undefined;
  if (bound) return bound;
  if (typeof claims.email !== 'string' || !claims.email.includes('@')) {
    throw new InvalidError(
      'The identity provider did not share an email address; allow the email scope and try again.',
    );
  }
  // An unverified email must not take over an existing account with that address.
  if (claims.email_verified === false) {
    throw new InvalidError('The identity provider says this email address is not verified.');
  }
  const profile = {
    email: claims.email,
    name: typeof claims.name === 'string' && claims.name ? claims.name : claims.email.split('@')[0]!,
    avatarUrl: typeof claims.picture === 'string' ? claims.picture : null,
  };
  let user;
  if (trust === 'link') {
    user = await upsertUserByEmail(db, clientId, profile);
  } else {
    // Insert-only: a concurrent or earlier account with this email is refused, never joined.
    user = await createUserIfNew(db, clientId, profile);
    if (!user) throw await existingAccount(db, clientId);
  }
  await bindIdentity(db, key, claims.sub, user.id);
  return user;
}

/** The refusal when a client's own issuer names an email that already has an account there. */
async function existingAccount(db: Db, clientId: string | null) {
  let label = 'this site';
  if (clientId) {
    const row = await findClient(db, clientId);
    label = row?.branding?.name || row?.name || label;
  }
  return new ConflictError(
    `An account with this email already exists on ${label}; sign in with the method you used before.`,
  );
}

/** How long a sign-in may take from /login to the callback. */
export const FLOW_TTL_SECONDS = 600;
export const MISMATCH = 'The sign-in could not be verified (state, nonce or code mismatch); start again.';

/** A sign-in in progress, kept server-side (bound to the browser by a cookie) from /login to the callback. */
export interface SignInFlow {
  provider: ProviderName;
  source: ResolvedProvider['source'];
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  /** Where to go after signing in (a same-origin path). */
  redirect: string;
  startedAt: number;
}

/** What the provider sends back to the callback. */
export interface CallbackQuery {
  code?: string | undefined;
  state?: string | undefined;
  error?: string | undefined;
  error_description?: string | undefined;
}

/**
 * Only same-origin paths are followed after sign-in: "/x", never "//host", "/\\host", an absolute
 * URL or anything with control characters (open-redirect defence).
 */
export function isSafeRedirect(raw: string): boolean {
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return false;
  return ![...raw].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f || ch === '\\');
}

/**
 * Our own sentence for a provider's `error` code: the link's `error_description` is free text
 * anyone can craft, so it never reaches the sign-in page.
 */
export function providerErrorMessage(error: string): string {
  return error === 'access_denied'
    ? 'You cancelled the sign-in or the provider refused it.'
    : 'The identity provider could not complete the sign-in.';
}

/**
 * OAuth2 / OpenID Connect sign-in (authorization code with PKCE, state and nonce), without HTTP:
 * `start` gives the flow to keep and the provider URL to go to, `complete` checks the provider's
 * answer against the kept flow and returns the signed-in user. The routes keep the flow in its
 * cookie-bound record, start the session and redirect.
 */
export function createSignInService(deps: { db: Db; config: Config; secrets: SecretStore }) {
  const { db, config } = deps;
  const providers = createProviderRegistry(providerSettings(config));
  // A client's issuer is chosen by its admins: requests to it may not reach the platform's own
  // network, except where issuers are local test providers (development, tests). Tied to NODE_ENV
  // only: dev mode forced on in production (UNSAFE_ALLOW_DEV_MODE_IN_PRODUCTION) keeps the guard.
  const allowPrivateIssuers = config.env !== 'production';
  const issuerFetch = clientIssuerFetch(allowPrivateIssuers);
  const clientProviders = createClientProviders({
    db,
    secrets: deps.secrets,
    discover: createDiscoveryCache(undefined, issuerFetch),
    ...(issuerFetch ? { fetch: issuerFetch } : {}),
    requireHttps: config.production,
  });

  /**
   * A host whose client has providers of its own offers only those (its users sign in with the
   * client's brand and credentials); any other host offers the platform's.
   */
  async function resolve(
    ctx: RequestContext,
    source: ResolvedProvider['source'],
    name: ProviderName,
  ): Promise<ResolvedProvider | null> {
    try {
      if (source === 'client') return ctx.clientId ? await clientProviders.get(ctx.clientId, name) : null;
      if (!providers.has(name)) return null;
      return {
        name,
        source,
        configuration: await providers.get(name),
        scope: 'openid email profile',
        identityProvider: name,
        emailTrust: 'link',
      };
    } catch (err) {
      ctx.logger.error({ err, provider: name }, 'identity provider discovery failed');
      throw new DomainError('unavailable', 'The identity provider cannot be reached; try again shortly.');
    }
  }

  return {
    /** Starts a sign-in on the host's providers; `baseUrl` is where the provider sends the browser back. */
    async start(
      ctx: RequestContext,
      input: { provider?: ProviderName | undefined; redirect: string; baseUrl: string },
    ): Promise<{ flow: SignInFlow; url: string }> {
      const own = await clientProviders.names(ctx.clientId);
      const source = own ? 'client' : 'platform';
      const configured = own ?? (['google', 'oidc'] as const).filter((p) => providers.has(p));
      const name: ProviderName | undefined =
        input.provider ?? (configured.length === 1 ? configured[0] : undefined);
      if (!name || !configured.includes(name)) {
        throw new DomainError(
          'bad_request',
          input.provider
            ? `Sign-in with ${input.provider} is not configured.`
            : 'Choose a sign-in provider (google or oidc).',
        );
      }
      const resolved = await resolve(ctx, source, name);
      if (!resolved) throw new DomainError('bad_request', `Sign-in with ${name} is not configured.`);
      const flow: SignInFlow = {
        provider: name,
        source,
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        codeVerifier: oidc.randomPKCECodeVerifier(),
        redirectUri: `${input.baseUrl}/oauth2/callback`,
        redirect: input.redirect,
        startedAt: Date.now(),
      };
      const url = oidc.buildAuthorizationUrl(resolved.configuration, {
        redirect_uri: flow.redirectUri,
        scope: resolved.scope,
        code_challenge: await oidc.calculatePKCECodeChallenge(flow.codeVerifier),
        code_challenge_method: 'S256',
        state: flow.state,
        nonce: flow.nonce,
      });
      return { flow, url: url.href };
    },

    /**
     * Completes a sign-in: the provider's answer (`query`, as received on `callbackUrl`) must match
     * the flow this browser started (already taken: a code or state is never usable twice).
     */
    async complete(
      ctx: RequestContext,
      input: { query: CallbackQuery; flow: Record<string, unknown> | null; callbackUrl: string },
    ) {
      const { query, flow: kept } = input;
      if (query.error) {
        // The provider's own text is not shown (anyone can put text in this link); it is logged.
        ctx.logger.info(
          {
            provider: kept?.provider,
            providerError: query.error.slice(0, 100),
            providerErrorDescription: query.error_description?.slice(0, 500),
          },
          'identity provider ended the sign-in with an error',
        );
        throw new DomainError('bad_request', providerErrorMessage(query.error));
      }
      if (!kept)
        throw new DomainError('bad_request', 'This sign-in expired or was already used; start again.');
      const flow = kept as unknown as SignInFlow;
      const name = flow.provider;
      const source = flow.source ?? 'platform';
      // The credentials the flow started with: a client that dropped its provider meanwhile ends it.
      const resolved = await resolve(ctx, source, name);
      if (!resolved)
        throw new DomainError('bad_request', 'This sign-in method was changed meanwhile; start again.');
      const current = new URL(flow.redirectUri);
      current.search = new URL(input.callbackUrl, 'http://x').search;
      let claims: oidc.IDToken | undefined;
      try {
        const tokens = await oidc.authorizationCodeGrant(resolved.configuration, current, {
          pkceCodeVerifier: flow.codeVerifier,
          expectedState: flow.state,
          expectedNonce: flow.nonce,
          idTokenExpected: true,
        });
        claims = tokens.claims();
      } catch (err) {
        ctx.logger.warn(
          { err: { name: (err as Error).name, message: (err as Error).message }, provider: name, source },
          'OAuth callback rejected',
        );
        throw new DomainError('bad_request', MISMATCH);
      }
      if (!claims) throw new DomainError('bad_request', 'The identity provider returned no ID token.');
      let user = await userForIdentity(
        db,
        ctx.clientId,
        resolved.identityProvider,
        claims,
        resolved.emailTrust,
      );
      // PLATFORM_ADMIN_EMAILS: only a direct user (platform host), signing in with the platform's
      // own providers, whose email the provider says is verified. A client's identity provider can
      // mint any email, so its accounts never qualify.
      if (
        source === 'platform' &&
        resolved.source === 'platform' &&
        ctx.clientId === null &&
        claims.email_verified === true &&
        typeof claims.email === 'string' &&
        config.platformAdminEmails.length > 0
      ) {
        user = await grantListedPlatformAdmin(db, {
          user,
          verifiedEmail: claims.email,
          listed: config.platformAdminEmails,
          provider: name,
          actor: ctx.actor,
        });
        if (user.isPlatformAdmin) ctx.logger.info({ userId: user.id }, 'platform admin signed in');
      }
      return {
        user,
        provider: name,
        source,
        redirect: isSafeRedirect(flow.redirect) ? flow.redirect : '/',
      };
    },
  };
}
export type SignInService = ReturnType<typeof createSignInService>;
