import type { FastifyReply, FastifyRequest } from 'fastify';
import * as oidc from 'openid-client';
import { z } from 'zod';
import { problemSchema } from '@k8s-scheduler/contracts';
import { DomainError, InvalidError } from '@k8s-scheduler/domain';
import { registerSignInRateLimit, signInLimit } from '../auth/rate-limit';
import type { FeatureModule } from '../registry';
import { createProviderRegistry, providerSettings, type ProviderName } from './oauth.providers';
import { createClientProviders, createDiscoveryCache, type ResolvedProvider } from './oauth.clients';
import { clientIssuerFetch } from './oauth.egress';
import { userForIdentity } from './oauth.service';

/**
 * Only same-origin paths are followed after sign-in: "/x", never "//host", "/\\host", an absolute
 * URL or anything with control characters (open-redirect defence).
 */
export function isSafeRedirect(raw: string): boolean {
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return false;
  return ![...raw].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f || ch === '\\');
}

const loginQuery = z.object({
  provider: z.enum(['google', 'oidc']).optional().describe('Default: the only configured provider'),
  redirect: z
    .string()
    .max(2000)
    .refine(isSafeRedirect, 'expected a relative path such as /teams')
    .default('/'),
});
const callbackQuery = z
  .object({
    code: z.string().optional(),
    state: z.string().optional(),
    error: z.string().optional(),
    error_description: z.string().optional(),
  })
  .passthrough();

/** OAuth2 / OpenID Connect sign-in: authorization code with PKCE, state and nonce. */
export const oauthModule: FeatureModule = async (app, { db, config, sessions, services }) => {
  const providers = createProviderRegistry(providerSettings(config));
  // A client's issuer is chosen by its admins: requests to it may not reach the platform's own
  // network, except where issuers are local test providers (development, tests). Tied to NODE_ENV
  // only: dev mode forced on in production (UNSAFE_ALLOW_DEV_MODE_IN_PRODUCTION) keeps the guard.
  const allowPrivateIssuers = config.env !== 'production';
  const issuerFetch = clientIssuerFetch(allowPrivateIssuers);
  const clientProviders = createClientProviders({
    db,
    secrets: services.secrets,
    discover: createDiscoveryCache(undefined, issuerFetch),
    ...(issuerFetch ? { fetch: issuerFetch } : {}),
    requireHttps: config.production,
  });
  await registerSignInRateLimit(app);
  const limit = signInLimit(config.signInRateLimit);

  /**
   * A host whose client has providers of its own offers only those (its users sign in with the
   * client's brand and credentials); any other host offers the platform's.
   */
  async function resolve(source: ResolvedProvider['source'], clientId: string | null, name: ProviderName) {
    if (source === 'client') return clientId ? clientProviders.get(clientId, name) : null;
    if (!providers.has(name)) return null;
    const provider: ResolvedProvider = {
      name,
      source,
      configuration: await providers.get(name),
      scope: 'openid email profile',
      identityProvider: name,
      emailTrust: 'link',
    };
    return provider;
  }
  const unreachable = (request: FastifyRequest, name: ProviderName) => (err: unknown) => {
    request.log.error({ err, provider: name }, 'identity provider discovery failed');
    throw new DomainError('unavailable', 'The identity provider cannot be reached; try again shortly.');
  };

  app.get(
    '/login',
    {
      config: { rateLimit: limit },
      schema: {
        tags: ['auth'],
        summary: 'Start sign-in with Google or the OIDC provider',
        querystring: loginQuery,
        response: { 400: problemSchema, 429: problemSchema, 503: problemSchema },
      },
    },
    async (request, reply) => {
      const own = await clientProviders.names(request.clientId);
      const source = own ? 'client' : 'platform';
      const configured = own ?? (['google', 'oidc'] as const).filter((p) => providers.has(p));
      const name: ProviderName | undefined =
        request.query.provider ?? (configured.length === 1 ? configured[0] : undefined);
      if (!name || !configured.includes(name)) {
        throw new DomainError(
          'bad_request',
          request.query.provider
            ? `Sign-in with ${request.query.provider} is not configured.`
            : 'Choose a sign-in provider (google or oidc).',
        );
      }
      const resolved = await resolve(source, request.clientId, name).catch(unreachable(request, name));
      if (!resolved) throw new DomainError('bad_request', `Sign-in with ${name} is not configured.`);
      // White-label clients sign in on their own host; the provider must list that callback too.
      const base = request.clientId ? `${request.protocol}://${request.host}` : config.publicUrl;
      const redirectUri = `${base}/oauth2/callback`;
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      await sessions.saveFlow(
        request,
        reply,
        {
          provider: name,
          source,
          state,
          nonce,
          codeVerifier,
          redirectUri,
          redirect: request.query.redirect,
          startedAt: Date.now(),
        },
        FLOW_TTL_SECONDS,
      );
      const url = oidc.buildAuthorizationUrl(resolved.configuration, {
        redirect_uri: redirectUri,
        scope: resolved.scope,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return reply.redirect(url.href, 302);
    },
  );

  app.get(
    '/oauth2/callback',
    {
      config: { rateLimit: limit },
      schema: {
        tags: ['auth'],
        summary: 'OAuth2/OIDC redirect target: signs the user in',
        querystring: callbackQuery,
        response: { 400: problemSchema, 429: problemSchema },
      },
    },
    async (request, reply) => {
      try {
        return await completeSignIn(request, reply);
      } catch (err) {
        // A person's browser lands here: show the reason on the sign-in page, not a JSON document.
        // An InvalidError about the provider's claims keeps its problem+json answer.
        if (err instanceof DomainError && !(err instanceof InvalidError) && wantsPage(request)) {
          const page = new URLSearchParams({ error: err.code, error_description: err.message });
          return reply.redirect(`/signin?${page.toString()}`, 302);
        }
        throw err;
      }
    },
  );

  /** Puts a flow back for its remaining lifetime (a new id and cookie; its deadline does not move). */
  async function restoreFlow(request: FastifyRequest, reply: FastifyReply, flow: Record<string, unknown>) {
    const startedAt = typeof flow.startedAt === 'number' ? flow.startedAt : Date.now();
    const left = Math.ceil(FLOW_TTL_SECONDS - (Date.now() - startedAt) / 1000);
    if (left > 0) await sessions.saveFlow(request, reply, { ...flow, startedAt }, left);
  }

  async function completeSignIn(request: FastifyRequest, reply: FastifyReply) {
    const query = callbackQuery.parse(request.query); // validated by the route schema already
    // The flow record is consumed now, whatever happens next: a code or state is never usable twice.
    const flow = await sessions.takeFlow(request, reply);
    if (flow && query.state !== flow.state) {
      // Not this browser's sign-in (a forged error or code link): it must not end the pending one.
      await restoreFlow(request, reply, flow);
      throw new DomainError('bad_request', MISMATCH);
    }
    if (query.error) {
      // The provider's own text is not shown (anyone can put text in this link); it is logged.
      request.log.info(
        {
          provider: flow?.provider,
          providerError: query.error.slice(0, 100),
          providerErrorDescription: query.error_description?.slice(0, 500),
        },
        'identity provider ended the sign-in with an error',
      );
      throw new DomainError('bad_request', providerErrorMessage(query.error));
    }
    if (!flow) throw new DomainError('bad_request', 'This sign-in expired or was already used; start again.');
    const {
      provider: name,
      source = 'platform',
      state,
      nonce,
      codeVerifier,
      redirectUri,
      redirect,
    } = flow as unknown as {
      provider: ProviderName;
      source?: ResolvedProvider['source'];
      state: string;
      nonce: string;
      codeVerifier: string;
      redirectUri: string;
      redirect: string;
    };
    // The credentials the flow started with: a client that dropped its provider meanwhile ends it.
    const resolved = await resolve(source, request.clientId, name).catch(unreachable(request, name));
    if (!resolved)
      throw new DomainError('bad_request', 'This sign-in method was changed meanwhile; start again.');
    const current = new URL(redirectUri);
    current.search = new URL(request.url, 'http://x').search;
    let claims: oidc.IDToken | undefined;
    try {
      const tokens = await oidc.authorizationCodeGrant(resolved.configuration, current, {
        pkceCodeVerifier: codeVerifier,
        expectedState: state,
        expectedNonce: nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (err) {
      request.log.warn(
        { err: { name: (err as Error).name, message: (err as Error).message }, provider: name, source },
        'OAuth callback rejected',
      );
      throw new DomainError('bad_request', MISMATCH);
    }
    if (!claims) throw new DomainError('bad_request', 'The identity provider returned no ID token.');
    const user = await userForIdentity(
      db,
      request.clientId,
      resolved.identityProvider,
      claims,
      resolved.emailTrust,
    );
    await sessions.start(request, reply, {
      userId: user.id,
      clientId: request.clientId,
      currentTeamId: null,
    });
    request.log.info({ userId: user.id, provider: name, source }, 'signed in');
    return reply.redirect(isSafeRedirect(redirect) ? redirect : '/', 302);
  }
};

/** How long a sign-in may take from /login to the callback. */
const FLOW_TTL_SECONDS = 600;
const MISMATCH = 'The sign-in could not be verified (state, nonce or code mismatch); start again.';

/**
 * Our own sentence for a provider's `error` code: the link's `error_description` is free text
 * anyone can craft, so it never reaches the sign-in page.
 */
export function providerErrorMessage(error: string): string {
  return error === 'access_denied'
    ? 'You cancelled the sign-in or the provider refused it.'
    : 'The identity provider could not complete the sign-in.';
}

/** A browser navigation (it asks for HTML first), as opposed to an API client or a test asking for JSON. */
function wantsPage(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html');
}
