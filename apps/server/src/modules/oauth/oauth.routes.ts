import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { problemSchema } from '@k8s-scheduler/contracts';
import { DomainError, InvalidError } from '@k8s-scheduler/domain';
import { registerSignInRateLimit, signInLimit } from '../auth/rate-limit';
import type { FeatureModule } from '../registry';
import { FLOW_TTL_SECONDS, MISMATCH, createSignInService, isSafeRedirect } from './oauth.service';

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

/**
 * OAuth2 / OpenID Connect sign-in: authorization code with PKCE, state and nonce. The logic is the
 * sign-in service's; these routes keep the flow record in its cookie, start the session and redirect.
 * They stay plain Fastify routes, not the `routes()` helper: they answer 302 redirects (the helper
 * documents and sends a JSON success answer) and need the route-level rate limit `config`.
 */
export const oauthModule: FeatureModule = async (app, { db, config, sessions, services }) => {
  const signIn = createSignInService({ db, config, secrets: services.secrets });
  await registerSignInRateLimit(app);
  const limit = signInLimit(config.signInRateLimit);

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
      // White-label clients sign in on their own host; the provider must list that callback too.
      const baseUrl = request.clientId ? `${request.protocol}://${request.host}` : config.publicUrl;
      const { flow, url } = await signIn.start(request.ctx, { ...request.query, baseUrl });
      await sessions.saveFlow(request, reply, { ...flow }, FLOW_TTL_SECONDS);
      return reply.redirect(url, 302);
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
    const done = await signIn.complete(request.ctx, { query, flow, callbackUrl: request.url });
    await sessions.start(request, reply, {
      userId: done.user.id,
      clientId: request.clientId,
      currentTeamId: null,
    });
    request.log.info({ userId: done.user.id, provider: done.provider, source: done.source }, 'signed in');
    return reply.redirect(done.redirect, 302);
  }
};

/** A browser navigation (it asks for HTML first), as opposed to an API client or a test asking for JSON. */
function wantsPage(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html');
}
