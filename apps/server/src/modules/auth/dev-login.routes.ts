import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { devLoginBodySchema, meSchema, problemSchema } from '@k8s-scheduler/contracts';
import { DomainError } from '@k8s-scheduler/domain';
import type { Config } from '@k8s-scheduler/config';
import type { Db } from '../../db/database';
import { upsertUserByEmail } from '../users/users.repo';
import { loadMe } from '../me/me.service';
import type { SessionManager } from './auth.plugin';
import { registerSignInRateLimit, signInLimit } from './rate-limit';

/**
 * Dev sign-in: signs in as dev@localhost (or a given email) without OAuth. Only registered to work
 * when dev mode is on; otherwise it answers 403 so the UI can explain why.
 */
export const devLoginRoutes: FastifyPluginAsyncZod<{
  db: Db;
  config: Config;
  sessions: SessionManager;
}> = async (app, { db, config, sessions }) => {
  await registerSignInRateLimit(app);
  app.post(
    '/dev/login',
    {
      config: { rateLimit: signInLimit(config.signInRateLimit) },
      schema: {
        tags: ['auth'],
        summary: 'Dev sign-in (dev mode only)',
        body: devLoginBodySchema.nullish(),
        response: { 200: meSchema, 403: problemSchema },
      },
    },
    async (request, reply) => {
      if (!config.dev.enabled) {
        throw new DomainError(
          'dev_login_disabled',
          'Dev sign-in is disabled. Sign in with your identity provider.',
        );
      }
      const email = request.body?.email ?? config.dev.email;
      const user = await upsertUserByEmail(db, request.clientId, {
        email,
        name: request.body?.name ?? (email === config.dev.email ? 'Dev User' : email.split('@')[0]!),
        // The dev user administers the local platform so every screen can be tried.
        isPlatformAdmin: email === config.dev.email,
      });
      await sessions.start(request, reply, {
        userId: user.id,
        clientId: request.clientId,
        currentTeamId: null,
      });
      request.log.warn({ userId: user.id, email }, 'DEV SIGN-IN used (dev mode is on)');
      return loadMe(db, { user, via: 'session' }, true);
    },
  );

  app.post(
    '/logout',
    { schema: { tags: ['auth'], summary: 'Sign out (destroys the session)' } },
    async (request, reply) => {
      await sessions.end(request, reply);
      return reply.code(204).send();
    },
  );
};
