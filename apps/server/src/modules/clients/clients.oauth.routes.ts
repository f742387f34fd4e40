import { z } from 'zod';
import {
  clientOAuthParamsSchema,
  clientOAuthProviderBodySchema,
  clientOAuthProviderListSchema,
  clientOAuthProviderSchema,
  clientParamsSchema,
  problemSchema,
} from '@k8s-scheduler/contracts';
import type { Db } from '../../db/database';
import type { App } from '../../http/app';
import type { TrackedSecretStore } from '../secrets/secret.tracked';
import { listClientOAuth, removeClientOAuth, setClientOAuth } from './clients.oauth';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const tags = ['clients'];

/**
 * A client's own OAuth credentials (PRODUCT.md §10): platform admins and the client's admins.
 * The client secret is write-only (platform secret store); responses only say whether one is set.
 */
export async function registerClientOAuthRoutes(
  app: App,
  deps: { db: Db; secrets: TrackedSecretStore; production: boolean },
) {
  app.get(
    '/api/admin/clients/:clientId/oauth',
    {
      schema: {
        tags,
        summary: "The client's own sign-in providers (never the secrets)",
        params: clientParamsSchema,
        response: { 200: clientOAuthProviderListSchema, ...errors },
      },
    },
    async (request) => listClientOAuth(deps.db, request, request.params.clientId),
  );

  app.put(
    '/api/admin/clients/:clientId/oauth/:provider',
    {
      schema: {
        tags,
        summary: 'Set or replace one of the client’s own sign-in providers (Google or OIDC)',
        params: clientOAuthParamsSchema,
        body: clientOAuthProviderBodySchema,
        response: { 200: clientOAuthProviderSchema, ...errors },
      },
    },
    async (request) =>
      setClientOAuth(deps, request, request.params.clientId, request.params.provider, request.body),
  );

  app.delete(
    '/api/admin/clients/:clientId/oauth/:provider',
    {
      schema: {
        tags,
        summary: 'Remove one of the client’s own sign-in providers (and its secret)',
        params: clientOAuthParamsSchema,
        response: { 204: z.null().describe('No content'), ...errors },
      },
    },
    async (request, reply) => {
      await removeClientOAuth(deps, request, request.params.clientId, request.params.provider);
      return reply.code(204).send(null);
    },
  );
}
