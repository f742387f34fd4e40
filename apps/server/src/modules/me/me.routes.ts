import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { meSchema, problemSchema } from '@k8s-scheduler/contracts';
import type { Db } from '../../db/database';
import { requireAuth } from '../auth/auth.plugin';
import { loadMe } from './me.service';

export const meRoutes: FastifyPluginAsyncZod<{ db: Db; devMode: boolean }> = async (app, { db, devMode }) => {
  app.get(
    '/api/me',
    {
      schema: {
        tags: ['me'],
        summary: 'The signed-in user, their orgs, teams and roles',
        response: { 200: meSchema, 401: problemSchema },
      },
    },
    async (request) => loadMe(db, requireAuth(request), devMode),
  );
};
