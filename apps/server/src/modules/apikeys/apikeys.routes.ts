import { z } from 'zod';
import {
  apiKeyListSchema,
  apiKeyParamsSchema,
  createApiKeyBodySchema,
  createdApiKeySchema,
  problemSchema,
} from '@k8s-scheduler/contracts';
import type { FeatureModule } from '../registry';
import { createApiKey, listApiKeys, revokeApiKey } from './apikeys.service';

const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
};
const tags = ['api keys'];

/** The caller's own API keys (for the CLI and CI). API keys cannot manage API keys. */
export const apiKeysModule: FeatureModule = async (app, { db }) => {
  app.get(
    '/api/me/api-keys',
    { schema: { tags, summary: 'My API keys', response: { 200: apiKeyListSchema, ...errors } } },
    async (request) => ({
      items: await listApiKeys(db, request),
    }),
  );

  app.post(
    '/api/me/api-keys',
    {
      schema: {
        tags,
        summary: 'Create an API key (the token is shown once)',
        body: createApiKeyBodySchema,
        response: { 201: createdApiKeySchema, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await createApiKey(db, request, request.body)),
  );

  app.delete(
    '/api/me/api-keys/:keyId',
    {
      schema: {
        tags,
        summary: 'Revoke an API key',
        params: apiKeyParamsSchema,
        response: { 204: z.null().describe('No content'), ...errors },
      },
    },
    async (request, reply) => {
      await revokeApiKey(db, request, request.params.keyId);
      return reply.code(204).send(null);
    },
  );
};
