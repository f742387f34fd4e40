import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { meSchema } from '@k8s-scheduler/contracts';
import type { Db } from '../../db/database';
import { routes } from '../../http/route';
import { createMeService } from './me.service';

export const meRoutes: FastifyPluginAsyncZod<{ db: Db; devMode: boolean }> = async (app, { db, devMode }) => {
  const me = createMeService({ db, devMode });
  routes(app, { tags: ['me'] }).get(
    '/api/me',
    { summary: 'The signed-in user, their orgs, teams and roles', response: meSchema },
    (ctx) => me.get(ctx),
  );
};
